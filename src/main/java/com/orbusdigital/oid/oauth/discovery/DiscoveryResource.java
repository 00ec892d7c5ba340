package com.orbusdigital.oid.oauth.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.orbusdigital.oid.protocol.Assurance;
import com.orbusdigital.oid.config.Issuer;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.oauth.code.Pkce;
import com.orbusdigital.oid.oauth.token.GrantHandler;
import com.orbusdigital.oid.web.PrebuiltJson;
import com.orbusdigital.oid.web.ProtocolEndpoint;
import com.orbusdigital.oid.web.page.Language;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenID Connect Discovery 1.0. Lists only what OID implements; every URL derives from JWT_ISSUER,
 * never from the request's Host header. Built once, served as bytes.
 */
@Path("/.well-known/openid-configuration")
@ProtocolEndpoint
@ApplicationScoped
public class DiscoveryResource {

    private static final CacheControl CACHE = CacheControl.valueOf("public, max-age=3600");

    private PrebuiltJson document;

    protected DiscoveryResource() {
        // for the CDI proxy
    }

    @Inject
    public DiscoveryResource(OidConfig config, Instance<GrantHandler> grants) {
        this.document = new PrebuiltJson(serialise(metadata(config.issuer(),
                grants.stream().map(GrantHandler::grantType).sorted().toList())));
    }

    static Map<String, Object> metadata(Issuer issuer, List<String> grantTypes) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", issuer.value());
        metadata.put("authorization_endpoint", issuer.endpoint("/authorize"));
        metadata.put("token_endpoint", issuer.endpoint("/token"));
        metadata.put("userinfo_endpoint", issuer.endpoint("/userinfo"));
        metadata.put("jwks_uri", issuer.endpoint("/.well-known/jwks.json"));
        metadata.put("end_session_endpoint", issuer.endpoint("/logout"));
        metadata.put("revocation_endpoint", issuer.endpoint("/revoke"));
        metadata.put("introspection_endpoint", issuer.endpoint("/introspect"));
        metadata.put("scopes_supported", List.of("openid", "profile", "email", "address", "phone", "offline_access"));
        metadata.put("response_types_supported", List.of("code"));
        metadata.put("response_modes_supported", List.of("query", "form_post")); // issue 18: form_post
        metadata.put("grant_types_supported", grantTypes);
        metadata.put("code_challenge_methods_supported", List.of(Pkce.S256));
        // "none": a public client identifies itself by client_id alone and proves PKCE
        metadata.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"));
        // "none": a public client revokes its own tokens by client_id alone (RFC 7009 §2.1)
        metadata.put("revocation_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"));
        metadata.put("introspection_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        metadata.put("subject_types_supported", List.of("public"));
        metadata.put("id_token_signing_alg_values_supported", List.of("RS256"));
        // every claim OID can return: in the ID token always or when asked for, from userinfo by scope or when asked for
        metadata.put("claims_supported", List.of("iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "azp",
                "sid", "acr", "amr", "tenant_id", "name", "given_name", "family_name", "middle_name", "nickname", "preferred_username",
                "profile", "picture", "website", "gender", "birthdate", "zoneinfo", "locale", "updated_at", "email", "email_verified", "address",
                "phone_number", "phone_number_verified"));
        metadata.put("acr_values_supported", Assurance.SUPPORTED);
        metadata.put("prompt_values_supported", List.of("none", "login"));
        metadata.put("claims_parameter_supported", true);
        // the languages of the login and error pages, chosen first by ui_locales (OIDC Discovery §3)
        metadata.put("ui_locales_supported", Language.tags());
        metadata.put("request_parameter_supported", false);
        metadata.put("request_uri_parameter_supported", false);
        metadata.put("authorization_response_iss_parameter_supported", true);
        // issue 18: Back-Channel Logout 1.0 §2.1 — logout tokens to clients' backchannel_logout_uri, always with sid
        metadata.put("backchannel_logout_supported", true);
        metadata.put("backchannel_logout_session_supported", true);
        return metadata;
    }

    private static byte[] serialise(Map<String, Object> metadata) {
        try {
            return new ObjectMapper().writeValueAsBytes(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("discovery document could not be serialised", e);
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@Context Request request) {
        return document.respond(request, CACHE);
    }
}
