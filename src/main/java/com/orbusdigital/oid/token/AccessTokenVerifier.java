package com.orbusdigital.oid.token;

import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.key.SigningKeys;
import com.orbusdigital.oid.protocol.ClaimsRequest;
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
 * Verifies OID's own access tokens (for the admin API, introspection, revocation and userinfo):
 * RS256 only, {@code typ: at+jwt}, issuer, audience, expiry with 30 s of clock skew, the claims OID
 * always sets, that the token was not revoked (an in-memory lookup, see {@link RevokedAccessTokens}),
 * and that its holder may still use it ({@link TokenHolders}: one rule for every caller). The
 * consumer is rebuilt only when the key ring changes.
 */
@ApplicationScoped
public class AccessTokenVerifier {

    private SigningKeys keys;
    private RevokedAccessTokens revoked;
    private TokenHolders holders;
    private String issuer;
    private String audience;
    private volatile Cached cached;

    private record Cached(SigningKeys.KeyRing ring, JwtConsumer consumer) {}

    protected AccessTokenVerifier() {
        // for the CDI proxy
    }

    @Inject
    public AccessTokenVerifier(OidConfig config, SigningKeys keys, RevokedAccessTokens revoked, TokenHolders holders) {
        this.keys = keys;
        this.revoked = revoked;
        this.holders = holders;
        this.issuer = config.issuer().value();
        this.audience = config.audience();
    }

    /** What {@link #check} found: the verified token, or why there is none. */
    public record Check(Optional<VerifiedAccessToken> token, Optional<TokenHolders.Refusal> refusal) {

        private static final Check INVALID = new Check(Optional.empty(), Optional.empty());

        /** Whether only the token's holder failed ({@link TokenHolders}): a token of ours that no longer counts. */
        public boolean refusedByHolder(TokenHolders.Refusal which) {
            return refusal.filter(which::equals).isPresent();
        }
    }

    /** The verified token, or empty when it is not a valid, current access token of this issuer whose holder may use it. */
    public Optional<VerifiedAccessToken> verify(String token) {
        return check(token).token();
    }

    /** As {@link #verify}, saying why a signed, current token no longer counts (userinfo tells its caller). */
    public Check check(String token) {
        if (token == null || token.isEmpty() || token.length() > 8192) {
            return Check.INVALID;
        }
        try {
            JwtClaims claims = consumer().processToClaims(token);
            if (revoked.isRevoked(claims.getJwtId())) {
                return Check.INVALID;
            }
            String tenantClaim = claims.getStringClaimValue("tenant_id");
            if (tenantClaim == null) {
                return Check.INVALID; // not one of ours: every OID access token names its tenant
            }
            UUID tenant = UUID.fromString(tenantClaim);
            String clientId = claims.getStringClaimValue("client_id");
            Instant issuedAt = Instant.ofEpochSecond(claims.getIssuedAt().getValue());
            TokenHolders.Holding holding = holders.current(claims.getSubject(), clientId, tenant, issuedAt);
            if (holding.holder().isEmpty()) {
                return new Check(Optional.empty(), holding.refusal());
            }
            List<String> roles = claims.hasClaim("roles") ? claims.getStringListClaimValue("roles") : List.of();
            return new Check(Optional.of(new VerifiedAccessToken(claims.getSubject(), clientId, tenant, roles,
                    Optional.ofNullable(claims.getStringClaimValue("scope")), claims.getJwtId(), issuedAt,
                    Instant.ofEpochSecond(claims.getExpirationTime().getValue()), holding.holder().get(),
                    ClaimsRequest.fromAccessTokenClaim(claims.getClaimValue(AccessTokenIssuer.USERINFO_CLAIMS)))),
                    Optional.empty());
        } catch (InvalidJwtException | MalformedClaimException | IllegalArgumentException invalid) {
            return Check.INVALID;
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
