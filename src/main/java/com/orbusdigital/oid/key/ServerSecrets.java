package com.orbusdigital.oid.key;

import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.crypto.RandomValues;
import com.orbusdigital.oid.persistence.Rows;
import com.orbusdigital.oid.persistence.Transactional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

    /** Replicas starting together each offer one; the first inserted stays. */
    private static final String OFFER = """
            INSERT INTO {schema}.server_secrets (name, secret, encryption) VALUES (:name, :secret, :encryption)
            ON CONFLICT (name) DO NOTHING""";
    private static final String FIND = "SELECT secret, encryption FROM {schema}.server_secrets WHERE name = :name";
    private static final String SEAL = """
            UPDATE {schema}.server_secrets SET secret = :secret, encryption = :encryption WHERE name = :name AND encryption = 'none'""";

    private record Stored(byte[] secret, String encryption) {}

    private Rows rows;
    private PrivateKeyCipher cipher;

    protected ServerSecrets() {
        // for the CDI proxy
    }

    @Inject
    public ServerSecrets(Rows rows, OidConfig config) {
        this.rows = rows;
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
        rows.query(OFFER).set("name", name).set("secret", cipher.seal(name, RandomValues.bytes(bytes)))
                .set("encryption", cipher.scheme()).update();
        Stored stored = rows.query(FIND).set("name", name).one(row -> new Stored(row.bytes("secret"), row.string("encryption")));
        String encryption = stored.encryption();
        byte[] secret;
        try {
            secret = cipher.open(name, encryption, stored.secret());
        } catch (IllegalStateException unreadable) {
            throw new IllegalStateException("the server secret '" + name + "' (table server_secrets) cannot be read: "
                    + unreadable.getMessage());
        }
        if (encryption.equals(PrivateKeyCipher.NONE) && !cipher.scheme().equals(PrivateKeyCipher.NONE)) {
            // stored before OID_KEY_ENCRYPTION_KEY was set: sealed now, as the signing keys are
            rows.query(SEAL).set("name", name).set("secret", cipher.seal(name, secret)).set("encryption", cipher.scheme()).update();
            LOG.info("Server secret {} is now stored encrypted ({})", name, cipher.scheme());
        }
        return secret;
    }
}
