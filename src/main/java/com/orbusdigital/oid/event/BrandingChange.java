package com.orbusdigital.oid.event;

import java.util.Optional;
import java.util.UUID;

/**
 * {@code oid.tenant.branding_changed}: a tenant's display name, accent colour or logo set or removed
 * (issue 17, item 8); the subject is the tenant id. The data is the branding as it now is, the logo
 * named by the SHA-256 of its bytes (the image itself is served at /branding/{tenant_id}/logo).
 *
 * @see <a href="../../../../../../../docs/events.md">docs/events.md</a>
 */
public record BrandingChange(UUID tenantId, String slug, Optional<String> displayName, Optional<String> accentColor,
                             Optional<String> logoSha256) implements IdentityEvent {

    @Override
    public String type() {
        return "oid.tenant.branding_changed";
    }

    @Override
    public String subject() {
        return tenantId.toString();
    }

    @Override
    public EventData data() {
        return EventData.of().id("tenant_id", tenantId).text("slug", slug).text("display_name", displayName)
                .text("accent_color", accentColor).text("logo_sha256", logoSha256);
    }
}
