package com.orbusdigital.oid.key;

import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.crypto.Rs256Signer;
import com.orbusdigital.oid.crypto.SignatureProvider;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.event.KeyRotated;
import com.orbusdigital.oid.persistence.AdvisoryLocks;
import com.orbusdigital.oid.persistence.DatabaseReady;
import com.orbusdigital.oid.persistence.PeriodicWork;
import com.orbusdigital.oid.persistence.Rows;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.persistence.UnitOfWork;
import com.orbusdigital.oid.web.Unavailable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
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
 * same key and kid, and rotated on the {@link KeySchedule}. Loaded into memory as a key ring that
 * holds every published key: a replica switches to a successor at its {@code active_from} by the
 * clock alone, so replicas agree on the signing key with no coordination beyond the database.
 * Signing never touches the database or re-parses a key; the ring is rebuilt only when the stored
 * keys change, which each replica checks every {@link #RELOAD_EVERY}.
 */
@ApplicationScoped
public class SigningKeys implements PeriodicWork.Periodic {

    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
    private static final int RSA_BITS = 2048;
    static final Duration RELOAD_EVERY = Duration.ofMinutes(1);

    private SigningKeyRepository repository;
    private EntityManager entityManager;
    private Rows rows;
    private UnitOfWork unitOfWork;
    private Event<IdentityEvent> events;
    private Clock clock;
    private KeySchedule schedule;
    private PrivateKeyCipher cipher;
    private SignatureProvider signatures;
    private boolean production;
    private volatile KeyRing ring;

    protected SigningKeys() {
        // for the CDI proxy
    }

    @Inject
    public SigningKeys(SigningKeyRepository repository, EntityManager entityManager, Rows rows, UnitOfWork unitOfWork,
                       Event<IdentityEvent> events, Clock clock, OidConfig config, SignatureProvider signatures) {
        this.repository = repository;
        this.signatures = signatures;
        this.entityManager = entityManager;
        this.rows = rows;
        this.unitOfWork = unitOfWork;
        this.events = events;
        this.clock = clock;
        this.schedule = KeySchedule.of(config.keyRotationPeriod(), config.accessTokenTtl());
        this.cipher = new PrivateKeyCipher(config.keyEncryptionKey());
        this.production = config.isProduction();
    }

    /** A key of the ring that signs from {@code activeFrom} until {@code retireAt}. */
    record Signer(Instant activeFrom, Optional<Instant> retireAt, Rs256Signer key) {}

    /**
     * Every published key: the JWKS document, a verifier over them (built once per key change,
     * never per request), and the signers, of which {@link #active()} picks by the clock.
     */
    public record KeyRing(List<Signer> signers, Jwks jwks, JwksVerificationKeyResolver verificationKeys, Clock clock,
                          String fingerprint) {

        /** The key that signs now. */
        public Rs256Signer active() {
            Instant now = clock.instant();
            for (Signer signer : signers) { // newest activation first
                if (!signer.activeFrom().isAfter(now) && signer.retireAt().map(now::isBefore).orElse(true)) {
                    return signer.key();
                }
            }
            // only if every replica's clock disagrees with the schedule: the newest active key is the safest
            return signers.stream().filter(signer -> !signer.activeFrom().isAfter(now)).findFirst()
                    .orElse(signers.get(signers.size() - 1)).key();
        }
    }

    /** What a rotation did: the new key and when it starts signing, the key it replaces and until when that stays published. */
    public record Rotation(String kid, Instant activeFrom, Optional<String> previousKid, Optional<Instant> previousPublishedUntil) {}

    @Transactional
    void onDatabaseReady(@Observes DatabaseReady ready) {
        // replicas starting together must not each create a "first" key
        AdvisoryLocks.SIGNING_KEYS.acquire(rows);
        Instant now = clock.instant();
        List<SigningKey> keys = repository.published(now);
        if (KeySchedule.signing(keys, now).isEmpty() && KeySchedule.pending(keys, now).isEmpty()) {
            SigningKey created = generate(now, now);
            repository.add(created);
            LOG.info("Created signing key {} ({} RSA-{})", created.kid(), created.algorithm(), RSA_BITS);
        } else if (schedule.due(keys, now)) {
            rotate(keys, now, "scheduled");
        }
        sealPlainKeys(keys);
        reload(now);
        LOG.info("Signing with key {}; JWKS publishes {} key(s)", ring.active().kid(), ring.jwks().size());
    }

    /**
     * Every {@link #RELOAD_EVERY}, starting one period after {@link #onDatabaseReady}: the ring is
     * fresh then. The last loaded ring stays in force while PostgreSQL cannot be reached.
     */
    @Override
    public PeriodicWork.Step step() {
        return PeriodicWork.Step.every(RELOAD_EVERY, "oid-signing-keys", "Signing keys: reloading", this::refresh)
                .meanwhile("keeping the loaded keys")
                .firstPause(RELOAD_EVERY);
    }

    /** With OID_KEY_ENCRYPTION_KEY set, keys stored before it was are sealed now; without it, production is warned. */
    private void sealPlainKeys(List<SigningKey> keys) {
        if (cipher.scheme().equals(PrivateKeyCipher.NONE)) {
            if (production) {
                LOG.warn("Signing keys are stored unencrypted in PostgreSQL: set OID_KEY_ENCRYPTION_KEY (openssl rand -base64 32)");
            }
            return;
        }
        for (SigningKey key : keys) {
            if (key.privateKeyEncryption().equals(PrivateKeyCipher.NONE)) {
                key.storePrivateKey(cipher.seal(key.kid(), key.privateKey()), cipher.scheme());
                LOG.info("Signing key {} is now stored encrypted ({})", key.kid(), cipher.scheme());
            }
        }
    }

    /**
     * The current key ring; {@link Unavailable} until the database has been reached once, which
     * each endpoint answers as a 503 of its own kind.
     */
    public KeyRing ring() {
        KeyRing current = ring;
        if (current == null) {
            throw new Unavailable("signing keys are not loaded yet: the database has not been reached");
        }
        return current;
    }

    /**
     * Publishes a new key now that signs after the lead time (POST /admin/keys/rotate); empty when
     * a rotation is already under way (its key is published and not yet signing).
     */
    @Transactional
    public Optional<Rotation> rotateNow() {
        AdvisoryLocks.SIGNING_KEYS.acquire(rows);
        Instant now = clock.instant();
        List<SigningKey> keys = repository.published(now);
        if (KeySchedule.pending(keys, now).isPresent()) {
            return Optional.empty();
        }
        Rotation rotation = rotate(keys, now, "requested");
        reload(now);
        return Optional.of(rotation);
    }

    /** The published keys, newest activation first, for the admin API. */
    @Transactional
    public List<SigningKey> published() {
        return repository.published(clock.instant());
    }

    /** One round: a scheduled rotation when due (one replica does it), then the ring from the table. */
    private void refresh() {
        unitOfWork.call(() -> {
            Instant now = clock.instant();
            if (schedule.due(repository.published(now), now)) {
                AdvisoryLocks.SIGNING_KEYS.acquire(rows);
                List<SigningKey> keys = repository.published(now); // again, under the lock: another replica may have rotated
                if (schedule.due(keys, now)) {
                    rotate(keys, now, "scheduled");
                }
            }
            reload(now);
            return null;
        });
    }

    private Rotation rotate(List<SigningKey> keys, Instant now, String reason) {
        Instant activeFrom = schedule.successorActiveFrom(now);
        SigningKey successor = generate(now, activeFrom);
        Optional<SigningKey> previous = KeySchedule.signing(keys, now);
        previous.ifPresent(key -> key.retire(activeFrom, schedule.publishedUntil(activeFrom)));
        repository.add(successor);
        Rotation rotation = new Rotation(successor.kid(), activeFrom, previous.map(SigningKey::kid),
                previous.flatMap(SigningKey::expiresAt));
        events.fire(new KeyRotated(rotation.kid(), activeFrom, rotation.previousKid(), rotation.previousPublishedUntil(), reason));
        LOG.info("Rotating signing keys ({}): {} published now, signs from {}; {} stays published until {}", reason,
                rotation.kid(), activeFrom, rotation.previousKid().orElse("-"), rotation.previousPublishedUntil().map(Object::toString).orElse("-"));
        return rotation;
    }

    /** Rebuilds the ring when the published keys or their times changed; a no-op otherwise. */
    private void reload(Instant now) {
        entityManager.flush();
        List<SigningKey> keys = repository.published(now);
        String fingerprint = fingerprint(keys);
        KeyRing current = ring;
        if (current == null || !current.fingerprint().equals(fingerprint)) {
            ring = load(keys, fingerprint);
        }
    }

    private static String fingerprint(List<SigningKey> keys) {
        StringBuilder fingerprint = new StringBuilder();
        for (SigningKey key : keys) {
            fingerprint.append(key.kid()).append('/').append(key.activeFrom()).append('/').append(key.retireAt().orElse(null))
                    .append('/').append(key.expiresAt().orElse(null)).append(';');
        }
        return fingerprint.toString();
    }

    private SigningKey generate(Instant now, Instant activeFrom) {
        try {
            RsaJsonWebKey jwk = RsaJwkGenerator.generateJwk(RSA_BITS);
            String kid = jwk.calculateBase64urlEncodedThumbprint("SHA-256");
            jwk.setKeyId(kid);
            jwk.setUse("sig");
            jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            return new SigningKey(kid, AlgorithmIdentifiers.RSA_USING_SHA256,
                    jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY), cipher.seal(kid, jwk.getPrivateKey().getEncoded()),
                    cipher.scheme(), now, activeFrom);
        } catch (JoseException e) {
            throw new IllegalStateException("could not generate an RSA signing key", e);
        }
    }

    private KeyRing load(List<SigningKey> keys, String fingerprint) {
        try {
            List<JsonWebKey> published = new ArrayList<>();
            List<Signer> signers = new ArrayList<>();
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            for (SigningKey key : keys) {
                published.add(PublicJsonWebKey.Factory.newPublicJwk(key.publicJwk()));
                PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(
                        cipher.open(key.kid(), key.privateKeyEncryption(), key.privateKey())));
                signers.add(new Signer(key.activeFrom(), key.retireAt(), signatures.signer(key.kid(), privateKey)));
            }
            if (signers.isEmpty()) {
                throw new IllegalStateException("no published signing key");
            }
            String json = new JsonWebKeySet(published).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
            return new KeyRing(List.copyOf(signers), new Jwks(json.getBytes(StandardCharsets.UTF_8), published.size()),
                    new JwksVerificationKeyResolver(published), clock, fingerprint);
        } catch (JoseException | GeneralSecurityException e) {
            throw new IllegalStateException("a stored signing key could not be read", e);
        }
    }
}
