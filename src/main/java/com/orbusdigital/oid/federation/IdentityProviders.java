package com.orbusdigital.oid.federation;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.orbusdigital.oid.persistence.Row;
import com.orbusdigital.oid.persistence.RowMapper;
import com.orbusdigital.oid.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.SQLException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The tenants' providers as the sign-in reads them (rows; the admin API keeps its own entity). Every
 * lookup names the tenant, so that another tenant's provider is never found, nor shown to exist.
 */
@ApplicationScoped
public class IdentityProviders {

    private static final String COLUMNS = """
            p.id, p.tenant_id, p.alias, p.display_name, p.enabled, p.issuer, p.discovery, p.authorization_endpoint,
            p.token_endpoint, p.userinfo_endpoint, p.jwks_uri, p.client_id, p.client_auth, p.client_secret, p.scopes,
            p.username_claim, p.email_claim, p.name_claim, p.roles_claim, p.role_mappings::text AS role_mappings, p.create_users,
            p.link_by_email, p.required, p.trust_mfa, p.version, p.updated_at""";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM {schema}.identity_providers p WHERE p.id = :id AND p.enabled";
    private static final String BY_ALIAS = "SELECT " + COLUMNS
            + " FROM {schema}.identity_providers p WHERE p.tenant_id = :tenant AND p.alias = :alias AND p.enabled";
    private static final String ENABLED = "SELECT " + COLUMNS
            + " FROM {schema}.identity_providers p WHERE p.tenant_id = :tenant AND p.enabled ORDER BY p.display_name, p.alias";
    private static final String BY_DOMAIN = "SELECT " + COLUMNS + """
             FROM {schema}.identity_provider_domains d JOIN {schema}.identity_providers p ON p.id = d.provider_id
            WHERE d.tenant_id = :tenant AND d.domain = :domain AND p.tenant_id = :tenant AND p.enabled""";
    /** Whether home-realm discovery may send someone away from the password: the login page then does not demand one. */
    private static final String HAS_DOMAINS = """
            SELECT 1 AS found FROM {schema}.identity_provider_domains d JOIN {schema}.identity_providers p ON p.id = d.provider_id
            WHERE d.tenant_id = :tenant AND p.enabled LIMIT 1""";

    static final RowMapper<UpstreamProvider> PROVIDER = IdentityProviders::provider;

    private Rows rows;

    protected IdentityProviders() {
        // for the CDI proxy
    }

    @Inject
    public IdentityProviders(Rows rows) {
        this.rows = rows;
    }

    /** An enabled provider by id (the callback's path names it; its tenant is checked against the request's). */
    public Optional<UpstreamProvider> find(UUID id) {
        return rows.query(BY_ID).set("id", id).optional(PROVIDER);
    }

    /** The tenant's enabled provider with this alias ({@code idp_hint}). */
    public Optional<UpstreamProvider> find(UUID tenantId, String alias) {
        return rows.query(BY_ALIAS).set("tenant", tenantId).set("alias", alias).optional(PROVIDER);
    }

    /** The tenant's enabled providers, as the login page lists them. */
    public List<UpstreamProvider> enabled(UUID tenantId) {
        return rows.query(ENABLED).set("tenant", tenantId).list(PROVIDER);
    }

    /** The tenant's enabled provider for an email domain (lowercase, IDNA ASCII: {@link EmailDomains#of}). */
    public Optional<UpstreamProvider> forDomain(UUID tenantId, String domain) {
        return rows.query(BY_DOMAIN).set("tenant", tenantId).set("domain", domain).optional(PROVIDER);
    }

    public boolean hasDomains(UUID tenantId) {
        return rows.query(HAS_DOMAINS).set("tenant", tenantId).optional(row -> true).isPresent();
    }

    private static UpstreamProvider provider(Row row) throws SQLException {
        return new UpstreamProvider(row.uuid("id"), row.uuid("tenant_id"), row.string("alias"), row.string("display_name"),
                row.bool("enabled"), row.string("issuer"), row.bool("discovery"), uri(row, "authorization_endpoint"),
                uri(row, "token_endpoint"), uri(row, "userinfo_endpoint"), uri(row, "jwks_uri"), row.string("client_id"),
                UpstreamProvider.ClientAuth.of(row.string("client_auth")), row.optionalBytes("client_secret"), row.strings("scopes"),
                row.string("username_claim"), row.string("email_claim"), row.string("name_claim"), row.optionalString("roles_claim"),
                roleMappings(row.string("role_mappings")), row.bool("create_users"), row.bool("link_by_email"), row.bool("required"),
                row.bool("trust_mfa"), row.longValue("version"), row.instant("updated_at"));
    }

    private static Optional<URI> uri(Row row, String column) throws SQLException {
        return row.optionalString(column).map(URI::create);
    }

    /** {"upstream value": ["tenant role", …]}; a value that is not a list of names maps to nothing. */
    static Map<String, List<String>> roleMappings(String json) throws SQLException {
        Map<String, Object> parsed;
        try {
            parsed = JSONObjectUtils.parse(json);
        } catch (ParseException e) {
            throw new SQLException("role_mappings is not a JSON object", e);
        }
        Map<String, List<String>> mappings = new LinkedHashMap<>();
        parsed.forEach((upstream, roles) -> {
            List<String> names = new ArrayList<>();
            if (roles instanceof List<?> list) {
                list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(names::add);
            }
            mappings.put(upstream, names);
        });
        return mappings;
    }
}
