package com.orbusdigital.oid.key;

import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.crypto.RandomValues;
import com.orbusdigital.oid.persistence.Transactional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets of the server itself that every replica shares (table server_secrets), such as the CSRF
 * tokens' HMAC key: made once by whichever replica asks first, sealed with OID_KEY_ENCRYPTION_KEY
 * when it is set (as the signing keys are, the name as additional data), and read at start-up.
 * Never on a request's path: callers keep what they read in memory.
 */
@ApplicationScoped
public class ServerSecrets {

    private static final Logger LOG = LoggerFactory.getLogger(ServerSecrets.class);

    private EntityManager entityManager;
    private PrivateKeyCipher cipher;

    protected ServerSecrets() {
        // for the CDI proxy
    }

    @Inject
    public ServerSecrets(EntityManager entityManager, OidConfig config) {
        this.entityManager = entityManager;
        this.cipher = new PrivateKeyCipher(config.keyEncryptionKey());
    }

    /**
     * The secret of this name; {@code bytes} random bytes stored now if no replica stored it before.
     * Replicas starting together each offer one and all read the one that was inserted first.
     *
     * @throws IllegalStateException when it is sealed and no (or another) OID_KEY_ENCRYPTION_KEY is configured
     */
    @Transactional
    public byte[] loadOrCreate(String name, int bytes) {
        entityManager.createNativeQuery("""
                        INSERT INTO {h-schema}server_secrets (name, secret, encryption) VALUES (?1, ?2, ?3)
                        ON CONFLICT (name) DO NOTHING""")
                .setParameter(1, name)
                .setParameter(2, cipher.seal(name, RandomValues.bytes(bytes)))
                .setParameter(3, cipher.scheme())
                .executeUpdate();
        Object[] row = (Object[]) entityManager.createNativeQuery(
                        "SELECT secret, encryption FROM {h-schema}server_secrets WHERE name = ?1", Object[].class)
                .setParameter(1, name)
                .getSingleResult();
        String encryption = (String) row[1];
        byte[] secret;
        try {
            secret = cipher.open(name, encryption, (byte[]) row[0]);
        } catch (IllegalStateException unreadable) {
            throw new IllegalStateException("the server secret '" + name + "' (table server_secrets) cannot be read: "
                    + unreadable.getMessage());
        }
        if (encryption.equals(PrivateKeyCipher.NONE) && !cipher.scheme().equals(PrivateKeyCipher.NONE)) {
            // stored before OID_KEY_ENCRYPTION_KEY was set: sealed now, as the signing keys are
            entityManager.createNativeQuery("UPDATE {h-schema}server_secrets SET secret = ?2, encryption = ?3 WHERE name = ?1 AND encryption = 'none'")
                    .setParameter(1, name)
                    .setParameter(2, cipher.seal(name, secret))
                    .setParameter(3, cipher.scheme())
                    .executeUpdate();
            LOG.info("Server secret {} is now stored encrypted ({})", name, cipher.scheme());
        }
        return secret;
    }
}
