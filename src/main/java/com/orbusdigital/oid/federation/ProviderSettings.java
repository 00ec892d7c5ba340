package com.orbusdigital.oid.federation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything an administrator sets on an upstream provider but its secret, as one value: what a
 * creation makes, what a PATCH turns the current settings into, and what an update event compares
 * ({@link #changedFrom}). Validated by {@link IdentityProviderSpec}.
 *
 * @param roleMappings upstream value (of the roles claim) → names of the tenant's roles it grants
 * @param domains      email domains for home-realm discovery, lowercase ASCII, sorted
 */
public record ProviderSettings(String alias, String displayName, boolean enabled, String issuer, boolean discovery,
                               Optional<String> authorizationEndpoint, Optional<String> tokenEndpoint,
                               Optional<String> userinfoEndpoint, Optional<String> jwksUri, String clientId,
                               ClientAuth clientAuth, List<String> scopes, Claims claims,
                               SortedMap<String, List<String>> roleMappings, boolean createUsers, boolean linkByEmail,
                               boolean required, boolean trustMfa, List<String> domains) {

    /** Which claims of the ID token (or userinfo) give the user's username, email, name and roles; no roles claim: none mapped. */
    public record Claims(String username, String email, String name, Optional<String> roles) {}

    public ProviderSettings {
        scopes = List.copyOf(scopes);
        SortedMap<String, List<String>> mappings = new TreeMap<>();
        roleMappings.forEach((upstream, roles) -> mappings.put(upstream, List.copyOf(roles)));
        roleMappings = java.util.Collections.unmodifiableSortedMap(mappings);
        domains = domains.stream().sorted().toList();
    }

    /** The names of the admin API's fields whose value differs from {@code before}, in the API's order. */
    public List<String> changedFrom(ProviderSettings before) {
        Map<String, Object> now = fields();
        Map<String, Object> then = before.fields();
        List<String> changed = new ArrayList<>();
        now.forEach((name, value) -> {
            if (!Objects.equals(value, then.get(name))) {
                changed.add(name);
            }
        });
        return changed;
    }

    private Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("alias", alias);
        fields.put("display_name", displayName);
        fields.put("enabled", enabled);
        fields.put("issuer", issuer);
        fields.put("discovery", discovery);
        fields.put("authorization_endpoint", authorizationEndpoint);
        fields.put("token_endpoint", tokenEndpoint);
        fields.put("userinfo_endpoint", userinfoEndpoint);
        fields.put("jwks_uri", jwksUri);
        fields.put("client_id", clientId);
        fields.put("client_auth", clientAuth);
        fields.put("scopes", scopes);
        fields.put("claims", claims);
        fields.put("role_mappings", roleMappings);
        fields.put("create_users", createUsers);
        fields.put("link_by_email", linkByEmail);
        fields.put("required", required);
        fields.put("trust_mfa", trustMfa);
        fields.put("domains", domains);
        return fields;
    }
}
