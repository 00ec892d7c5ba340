package com.orbusdigital.oid.token;

import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.key.SigningKeys;
import com.orbusdigital.oid.oauth.ClaimsRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jose4j.jca.ProviderContext;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/**
 * Verifies OID's own access tokens (for the admin API, introspection and revocation, later
 * userinfo): RS256 only, {@code typ: at+jwt}, issuer, audience, expiry with 30 s of clock skew, the
 * claims OID always sets, and that the token was not revoked (an in-memory lookup, see
 * {@link RevokedAccessTokens}). The consumer is rebuilt only when the key ring changes.
 */
@ApplicationScoped
public class AccessTokenVerifier {

    private SigningKeys keys;
    private RevokedAccessTokens revoked;
    private String issuer;
    private String audience;
    private volatile Cached cached;

    private record Cached(SigningKeys.KeyRing ring, JwtConsumer consumer) {}

    protected AccessTokenVerifier() {
        // for the CDI proxy
    }

    @Inject
    public AccessTokenVerifier(OidConfig config, SigningKeys keys, RevokedAccessTokens revoked) {
        this.keys = keys;
        this.revoked = revoked;
        this.issuer = config.issuer().value();
        this.audience = config.audience();
    }

    /** The verified token, or empty when it is not a valid, current access token of this issuer. */
    public Optional<VerifiedAccessToken> verify(String token) {
        if (token == null || token.isEmpty() || token.length() > 8192) {
            return Optional.empty();
        }
        try {
            JwtClaims claims = consumer().processToClaims(token);
            if (revoked.isRevoked(claims.getJwtId())) {
                return Optional.empty();
            }
            String tenantClaim = claims.getStringClaimValue("tenant_id");
            if (tenantClaim == null) {
                return Optional.empty(); // not one of ours: every OID access token names its tenant
            }
            UUID tenant = UUID.fromString(tenantClaim);
            List<String> roles = claims.hasClaim("roles") ? claims.getStringListClaimValue("roles") : List.of();
            return Optional.of(new VerifiedAccessToken(claims.getSubject(), claims.getStringClaimValue("client_id"),
                    tenant, roles, Optional.ofNullable(claims.getStringClaimValue("scope")), claims.getJwtId(),
                    Instant.ofEpochSecond(claims.getIssuedAt().getValue()),
                    Instant.ofEpochSecond(claims.getExpirationTime().getValue()),
                    ClaimsRequest.fromAccessTokenClaim(claims.getClaimValue(AccessTokenIssuer.USERINFO_CLAIMS))));
        } catch (InvalidJwtException | MalformedClaimException | IllegalArgumentException invalid) {
            return Optional.empty();
        }
    }

    private JwtConsumer consumer() {
        SigningKeys.KeyRing ring = keys.ring();
        Cached current = cached;
        if (current == null || current.ring() != ring) {
            JwtConsumer consumer = new JwtConsumerBuilder()
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                    .setVerificationKeyResolver(ring.verificationKeys())
                    .setExpectedType(true, AccessTokenIssuer.ACCESS_TOKEN_TYPE)
                    .setExpectedIssuer(issuer)
                    .setExpectedAudience(audience)
                    .setRequireExpirationTime()
                    .setRequireIssuedAt()
                    .setRequireSubject()
                    .setRequireJwtId()
                    .setAllowedClockSkewInSeconds(30)
                    .setJwsProviderContext(new ProviderContext())
                    .build();
            current = new Cached(ring, consumer);
            cached = current;
        }
        return current.consumer();
    }
}
