package com.orbusdigital.oid.tenant;

import com.orbusdigital.oid.persistence.RowMapper;
import com.orbusdigital.oid.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The tenants' logos (table tenant_logos) and what the logo cache reads of every tenant. */
@ApplicationScoped
public class TenantLogos {

    private static final String STORE = """
            INSERT INTO {schema}.tenant_logos (tenant_id, content_type, content, sha256, width, height, updated_at)
            VALUES (:tenant, :type, :content, :sha256, :width, :height, :now)
            ON CONFLICT (tenant_id) DO UPDATE SET content_type = EXCLUDED.content_type, content = EXCLUDED.content,
                sha256 = EXCLUDED.sha256, width = EXCLUDED.width, height = EXCLUDED.height, updated_at = EXCLUDED.updated_at""";
    private static final String REMOVE = "DELETE FROM {schema}.tenant_logos WHERE tenant_id = :tenant";
    /**
     * Moves with every change of any tenant (each bumps its row's version; a logo's change sets
     * logo_sha256) and with every tenant created or deleted: exact, where a timestamp from replicas'
     * clocks could go back.
     */
    private static final String FINGERPRINT = """
            SELECT coalesce(md5(string_agg(id::text || ':' || version, ',' ORDER BY id)), '') AS fingerprint
            FROM {schema}.tenants""";
    private static final String EVERY_BRANDING = """
            SELECT t.id, t.name, t.display_name, t.accent_color, t.default_language, l.content_type, l.content, l.sha256
            FROM {schema}.tenants t LEFT JOIN {schema}.tenant_logos l ON l.tenant_id = t.id""";

    /** A logo as it is served. */
    public record Logo(String contentType, byte[] content, String sha256) {
        @Override
        public String toString() {
            return "Logo[" + contentType + ", " + content.length + " bytes, " + sha256 + "]";
        }
    }

    /** A tenant's branding as stored: its display name (or name), colour, language tag and logo. */
    record Stored(UUID tenantId, String name, Optional<String> displayName, Optional<String> accentColor,
                  Optional<String> language, Optional<Logo> logo) {}

    private static final RowMapper<Stored> STORED = row -> new Stored(row.uuid("id"), row.string("name"),
            row.optionalString("display_name"), row.optionalString("accent_color"), row.optionalString("default_language"),
            row.optionalString("sha256").isEmpty() ? Optional.empty()
                    : Optional.of(new Logo(row.string("content_type"), row.bytes("content"), row.string("sha256"))));

    private Rows rows;

    protected TenantLogos() {
        // for the CDI proxy
    }

    @Inject
    public TenantLogos(Rows rows) {
        this.rows = rows;
    }

    /** Stores the tenant's logo in place of any it had, in the caller's transaction. */
    public void store(UUID tenantId, LogoImage image, Instant now) {
        rows.query(STORE).set("tenant", tenantId).set("type", image.contentType()).set("content", image.bytes())
                .set("sha256", image.sha256()).set("width", image.width()).set("height", image.height()).set("now", now).update();
    }

    /** @return whether the tenant had one */
    public boolean remove(UUID tenantId) {
        return rows.query(REMOVE).set("tenant", tenantId).update() > 0;
    }

    String fingerprint() {
        return rows.query(FINGERPRINT).one(row -> row.string("fingerprint"));
    }

    List<Stored> everyBranding() {
        return rows.query(EVERY_BRANDING).list(STORED);
    }
}
