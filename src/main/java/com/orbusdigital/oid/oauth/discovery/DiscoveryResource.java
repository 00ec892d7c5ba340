package com.orbusdigital.oid.oauth.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.orbusdigital.oid.config.Issuer;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.oauth.token.GrantHandler;
import com.orbusdigital.oid.web.PrebuiltJson;
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
        metadata.put("token_endpoint", issuer.endpoint("/token"));
        metadata.put("jwks_uri", issuer.endpoint("/.well-known/jwks.json"));
        metadata.put("grant_types_supported", grantTypes);
        metadata.put("response_types_supported", List.of());
        metadata.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        metadata.put("revocation_endpoint", issuer.endpoint("/revoke"));
        // "none": a public client revokes its own tokens by client_id alone (RFC 7009 §2.1)
        metadata.put("revocation_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"));
        metadata.put("introspection_endpoint", issuer.endpoint("/introspect"));
        metadata.put("introspection_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        metadata.put("subject_types_supported", List.of("public"));
        metadata.put("id_token_signing_alg_values_supported", List.of("RS256"));
        metadata.put("claims_supported", List.of("iss", "sub", "aud", "exp", "iat", "jti", "client_id", "scope", "tenant_id", "roles"));
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
