package com.orbusdigital.oid.key;

import com.orbusdigital.oid.oauth.error.OAuthException;
import com.orbusdigital.oid.persistence.AdvisoryLocks;
import com.orbusdigital.oid.persistence.DatabaseReady;
import com.orbusdigital.oid.persistence.Transactional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing keys, kept in the database so that every replica and every restart signs with the
 * same key and kid. Loaded once into memory: signing never touches the database or re-parses a key.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
    private static final int RSA_BITS = 2048;

    private SigningKeyRepository repository;
    private EntityManager entityManager;
    private Clock clock;
    private volatile KeyRing ring;

    protected SigningKeys() {
        // for the CDI proxy
    }

    @Inject
    public SigningKeys(SigningKeyRepository repository, EntityManager entityManager, Clock clock) {
        this.repository = repository;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /**
     * The key that signs now, the published JWKS, and a verifier over the published keys (built
     * once per key change, never per request).
     */
    public record KeyRing(ActiveKey active, Jwks jwks, JwksVerificationKeyResolver verificationKeys) {}

    /** @param kid the JWS {@code kid} header of every token it signs */
    public record ActiveKey(String kid, PrivateKey privateKey) {}

    @Transactional
    void onDatabaseReady(@Observes DatabaseReady ready) {
        // replicas starting together must not each create a "first" key
        AdvisoryLocks.SIGNING_KEYS.acquire(entityManager);
        Instant now = clock.instant();
        List<SigningKey> keys = repository.published(now);
        if (keys.stream().noneMatch(key -> isActive(key, now))) {
            SigningKey created = generate(now);
            repository.add(created);
            LOG.info("Created signing key {} ({} RSA-{})", created.kid(), created.algorithm(), RSA_BITS);
            keys = repository.published(now);
        }
        this.ring = load(keys, now);
        LOG.info("Signing with key {}; JWKS publishes {} key(s)", ring.active().kid(), ring.jwks().size());
    }

    /** The current key ring; answers 503 temporarily_unavailable until the database has been reached once. */
    public KeyRing ring() {
        KeyRing current = ring;
        if (current == null) {
            throw OAuthException.temporarilyUnavailable("signing keys are not loaded yet: the database has not been reached");
        }
        return current;
    }

    public Optional<KeyRing> loaded() {
        return Optional.ofNullable(ring);
    }

    private static boolean isActive(SigningKey key, Instant now) {
        return !key.activeFrom().isAfter(now) && key.retireAt().map(now::isBefore).orElse(true);
    }

    private static SigningKey generate(Instant now) {
        try {
            RsaJsonWebKey jwk = RsaJwkGenerator.generateJwk(RSA_BITS);
            String kid = jwk.calculateBase64urlEncodedThumbprint("SHA-256");
            jwk.setKeyId(kid);
            jwk.setUse("sig");
            jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            return new SigningKey(kid, AlgorithmIdentifiers.RSA_USING_SHA256,
                    jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY), jwk.getPrivateKey().getEncoded(), now);
        } catch (JoseException e) {
            throw new IllegalStateException("could not generate an RSA signing key", e);
        }
    }

    private static KeyRing load(List<SigningKey> keys, Instant now) {
        try {
            List<JsonWebKey> published = new ArrayList<>();
            ActiveKey active = null;
            for (SigningKey key : keys) {
                published.add(PublicJsonWebKey.Factory.newPublicJwk(key.publicJwk()));
                if (active == null && isActive(key, now)) {
                    PrivateKey privateKey = KeyFactory.getInstance("RSA")
                            .generatePrivate(new PKCS8EncodedKeySpec(key.privateKey()));
                    active = new ActiveKey(key.kid(), privateKey);
                }
            }
            if (active == null) {
                throw new IllegalStateException("no active signing key");
            }
            String json = new JsonWebKeySet(published).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
            return new KeyRing(active, new Jwks(json.getBytes(StandardCharsets.UTF_8), published.size()),
                    new JwksVerificationKeyResolver(published));
        } catch (JoseException | GeneralSecurityException e) {
            throw new IllegalStateException("a stored signing key could not be read", e);
        }
    }
}
