package com.orbusdigital.oid.token;

import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.crypto.Rs256Signer;
import com.orbusdigital.oid.key.SigningKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
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
import org.jose4j.jwt.consumer.JwtContext;

/**
 * Signs ID tokens (RS256, header {@code typ: JWT}, the claims of {@link IdTokenClaims}) and reads
 * them back when a relying party hands one in as {@code id_token_hint}.
 */
@ApplicationScoped
public class IdTokens {

    public static final String TYPE = "JWT";

    /**
     * An ID token OID issued, as an {@code id_token_hint} names it: whom, for which client (whose
     * tenant is the user's: ID tokens name no tenant unless asked to).
     */
    public record Hint(UUID subject, String clientId) {}

    private SigningKeys keys;
    private String issuer;
    private Duration ttl;
    private volatile HintConsumer hintConsumer;

    private record HintConsumer(SigningKeys.KeyRing ring, JwtConsumer consumer) {}

    protected IdTokens() {
        // for the CDI proxy
    }

    @Inject
    public IdTokens(OidConfig config, SigningKeys keys) {
        this.keys = keys;
        this.issuer = config.issuer().value();
        // an ID token says who signed in; it lives as long as the access token issued with it
        this.ttl = config.accessTokenTtl();
    }

    public Duration ttl() {
        return ttl;
    }

    public String issuer() {
        return issuer;
    }

    public String sign(JwtClaims claims) {
        Rs256Signer key = keys.ring().active();
        return key.sign(TYPE, claims.toJson());
    }

    /**
     * An ID token this issuer signed, read as a hint: signature and issuer checked, expiry not
     * (OIDC Core §3.1.2.1 and RP-Initiated Logout §2 accept expired hints). Empty when it is not
     * one of ours.
     */
    public Optional<Hint> readHint(String token) {
        if (token == null || token.isEmpty() || token.length() > 8192) {
            return Optional.empty();
        }
        try {
            JwtContext context = hintConsumer().process(token);
            JwtClaims claims = context.getJwtClaims();
            // the default validators are skipped (they would refuse an expired token), so these are checked here
            if (!TYPE.equals(context.getJoseObjects().get(0).getHeader("typ")) || !issuer.equals(claims.getIssuer())
                    || claims.getSubject() == null) {
                return Optional.empty();
            }
            String azp = claims.getStringClaimValue("azp");
            if (azp == null) {
                return Optional.empty();
            }
            return Optional.of(new Hint(UUID.fromString(claims.getSubject()), azp));
        } catch (InvalidJwtException | MalformedClaimException | IllegalArgumentException invalid) {
            return Optional.empty();
        }
    }

    /** Built once per key ring, like AccessTokenVerifier's consumer, not once per hint. */
    private JwtConsumer hintConsumer() {
        SigningKeys.KeyRing ring = keys.ring();
        HintConsumer current = hintConsumer;
        if (current == null || current.ring() != ring) {
            current = new HintConsumer(ring, new JwtConsumerBuilder()
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                    .setVerificationKeyResolver(ring.verificationKeys())
                    .setSkipAllDefaultValidators() // no expiry check; type, issuer and subject are checked by readHint
                    .setJwsProviderContext(new ProviderContext())
                    .build());
            hintConsumer = current;
        }
        return current.consumer();
    }
}
