package com.orbusdigital.oid.tenant;

import com.orbusdigital.oid.web.page.Emails;
import com.orbusdigital.oid.web.page.Language;
import com.orbusdigital.oid.web.page.PageBrand;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A tenant's branding as its emails and pages show it (issue 17, item 8), from {@link Brandings}.
 *
 * @param displayName its display name, or its name when it has none: what a message calls the sender
 * @param logoUrl     the logo's absolute URL under JWT_ISSUER, its hash in the query (cacheable for good)
 * @param accentColor #rrggbb, lowercase; empty for OID's own colour
 * @param language    its default language; empty for OID's (English)
 */
public record Branding(UUID tenantId, String displayName, Optional<String> logoUrl, Optional<String> accentColor,
                       Optional<Language> language) {

    public Branding {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(logoUrl, "logoUrl");
        Objects.requireNonNull(accentColor, "accentColor");
        Objects.requireNonNull(language, "language");
    }

    /** How this tenant's emails look: its name, its logo by its absolute URL, its accent colour. */
    public Emails.Brand email() {
        return new Emails.Brand(displayName, logoUrl, accentColor);
    }

    /** The logo's path below OID's top level: its URL changes with its content. */
    static String logoPath(UUID tenantId, String sha256) {
        return "branding/" + tenantId + "/logo?v=" + sha256;
    }

    /**
     * How the pages of this tenant look, from the tenant a page already has at hand (the client's of
     * an authorization request, the session's on the account pages): no further read.
     */
    public static PageBrand page(Tenant tenant) {
        return new PageBrand(tenant.displayName(), tenant.logoSha256().map(sha256 -> logoPath(tenant.id(), sha256)),
                tenant.accentColor());
    }
}
