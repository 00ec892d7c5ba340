package com.orbusdigital.oid.federation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.orbusdigital.oid.config.Issuer;
import java.util.List;
import java.util.SortedMap;

/**
 * An upstream provider as the admin API answers it. The client secret is never part of it, sealed or
 * not: only whether one is set. {@code redirect_uri} and {@code backchannel_logout_uri} are what the
 * administrator registers at the provider, made from OID's issuer and the provider's id.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IdentityProviderView(
        String id,
        @JsonProperty("tenant_id") String tenantId,
        String alias,
        @JsonProperty("display_name") String displayName,
        boolean enabled,
        String issuer,
        boolean discovery,
        @JsonProperty("authorization_endpoint") String authorizationEndpoint,
        @JsonProperty("token_endpoint") String tokenEndpoint,
        @JsonProperty("userinfo_endpoint") String userinfoEndpoint,
        @JsonProperty("jwks_uri") String jwksUri,
        @JsonProperty("client_id") String clientId,
        @JsonProperty("client_auth") String clientAuth,
        @JsonProperty("client_secret_set") boolean clientSecretSet,
        List<String> scopes,
        ClaimsView claims,
        @JsonProperty("role_mappings") SortedMap<String, List<String>> roleMappings,
        @JsonProperty("create_users") boolean createUsers,
        @JsonProperty("link_by_email") boolean linkByEmail,
        boolean required,
        @JsonProperty("trust_mfa") boolean trustMfa,
        List<String> domains,
        @JsonProperty("redirect_uri") String redirectUri,
        @JsonProperty("backchannel_logout_uri") String backchannelLogoutUri,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt) {

    /** {@code roles} absent: no roles are taken from the provider. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClaimsView(String username, String email, String name, String roles) {}

    /** The redirect URI to register at the provider (the URL contract with the relying-party flow). */
    public static String redirectUri(Issuer issuer, String providerId) {
        return issuer.endpoint("/login/federation/" + providerId + "/callback");
    }

    /** The back-channel logout URI to register at the provider. */
    public static String backchannelLogoutUri(Issuer issuer, String providerId) {
        return issuer.endpoint("/login/federation/" + providerId + "/backchannel-logout");
    }

    public static IdentityProviderView of(IdentityProvider provider, Issuer issuer) {
        ProviderSettings settings = provider.settings();
        String id = provider.id().toString();
        ProviderSettings.Claims claims = settings.claims();
        return new IdentityProviderView(id, provider.tenantId().toString(), settings.alias(), settings.displayName(),
                settings.enabled(), settings.issuer(), settings.discovery(), settings.authorizationEndpoint().orElse(null),
                settings.tokenEndpoint().orElse(null), settings.userinfoEndpoint().orElse(null), settings.jwksUri().orElse(null),
                settings.clientId(), settings.clientAuth().wireName(), provider.hasSecret(), settings.scopes(),
                new ClaimsView(claims.username(), claims.email(), claims.name(), claims.roles().orElse(null)),
                settings.roleMappings(), settings.createUsers(), settings.linkByEmail(), settings.required(), settings.trustMfa(),
                settings.domains(), redirectUri(issuer, id), backchannelLogoutUri(issuer, id), provider.createdAt().toString(),
                provider.updatedAt().toString());
    }
}
