package com.orbusdigital.oid.key;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.orbusdigital.oid.web.AdminApi;
import com.orbusdigital.oid.admin.AdminContext;
import com.orbusdigital.oid.admin.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** /admin/keys: platform administrators see the signing keys' schedule and ask for a rotation. */
@Path("/admin/keys")
@AdminApi
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class KeyAdminResource {

    /** A published key's public facts (never its private part). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyView(String kid, String algorithm, @JsonProperty("published_at") String publishedAt,
                          @JsonProperty("active_from") String activeFrom, @JsonProperty("retire_at") String retireAt,
                          @JsonProperty("expires_at") String expiresAt, boolean signing) {}

    /** What POST /admin/keys/rotate started. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RotationView(String kid, @JsonProperty("active_from") String activeFrom,
                               @JsonProperty("previous_kid") String previousKid,
                               @JsonProperty("previous_published_until") String previousPublishedUntil) {}

    private SigningKeys keys;
    private AdminContext admin;

    protected KeyAdminResource() {
        // for the CDI proxy
    }

    @Inject
    public KeyAdminResource(SigningKeys keys, AdminContext admin) {
        this.keys = keys;
        this.admin = admin;
    }

    @GET
    public Map<String, List<KeyView>> list() {
        admin.requirePlatformAdmin();
        String signing = keys.ring().active().kid();
        return Map.of("items", keys.published().stream()
                .map(key -> new KeyView(key.kid(), key.algorithm(), key.publishedAt().toString(), key.activeFrom().toString(),
                        key.retireAt().map(Instant::toString).orElse(null), key.expiresAt().map(Instant::toString).orElse(null),
                        key.kid().equals(signing)))
                .toList());
    }

    /** 202: the new key is published now and signs after the JWKS lead time; 409 while a rotation is under way. */
    @POST
    @Path("rotate")
    public Response rotate() {
        admin.requirePlatformAdmin();
        SigningKeys.Rotation rotation = keys.rotateNow().orElseThrow(() -> ProblemException.conflict(
                "A rotation is under way: its key is published and not signing yet. Ask again once it signs."));
        return Response.accepted(new RotationView(rotation.kid(), rotation.activeFrom().toString(),
                rotation.previousKid().orElse(null), rotation.previousPublishedUntil().map(Instant::toString).orElse(null))).build();
    }
}
