package com.orbusdigital.oid.key;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.crypto.SignatureProvider;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * For unit tests and the benchmarks: the signing keys without a database — one RSA key, active since the epoch, signing
 * through the real {@link SignatureProvider}; {@link KeyRing#verificationKeys()} verifies what it signed.
 */
public final class FixedSigningKeys extends SigningKeys {

    private final KeyRing ring;

    /** A fresh key, signed with through the JDK's or ACCP's provider as {@link SignatureProvider} chooses. */
    public FixedSigningKeys(Clock clock) {
        this(generated(), clock, new SignatureProvider());
    }

    /** A given key (the benchmarks keep one for all), signed with as {@code signatures}' provider holds it, as SigningKeys does. */
    public FixedSigningKeys(KeyPair rsa, Clock clock, SignatureProvider signatures) {
        try {
            RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) rsa.getPublic());
            String kid = jwk.calculateBase64urlEncodedThumbprint("SHA-256");
            jwk.setKeyId(kid);
            jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            jwk.setUse("sig");
            List<JsonWebKey> published = List.of(PublicJsonWebKey.Factory.newPublicJwk(jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
            String json = new JsonWebKeySet(published).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
            Signer signer = new Signer(Instant.EPOCH, Optional.empty(), signatures.signer(kid, rsa.getPrivate()));
            ring = new KeyRing(List.of(signer), new Jwks(json.getBytes(StandardCharsets.UTF_8), 1),
                    new JwksVerificationKeyResolver(published), clock, kid);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generated() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public KeyRing ring() {
        return ring;
    }

    /** The claims of a JWT this key signed, its signature, {@code typ} and expiry checked as of {@code now}. */
    public JwtClaims verified(String jwt, String type, Instant now) {
        try {
            JwtContext context = new JwtConsumerBuilder()
                    .setVerificationKeyResolver(ring.verificationKeys())
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                    .setEvaluationTime(NumericDate.fromSeconds(now.getEpochSecond()))
                    .setSkipDefaultAudienceValidation()
                    .build()
                    .process(jwt);
            assertThat(context.getJoseObjects().get(0).getHeader("typ")).isEqualTo(type);
            return context.getJwtClaims();
        } catch (InvalidJwtException e) {
            throw new AssertionError("not a valid JWT of this key: " + e.getMessage(), e);
        }
    }
}
