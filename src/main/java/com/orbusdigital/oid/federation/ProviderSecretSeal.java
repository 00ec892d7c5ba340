package com.orbusdigital.oid.federation;

import com.orbusdigital.oid.config.Secret;
import com.orbusdigital.oid.key.PrivateKeyCipher;
import com.orbusdigital.oid.key.ServerSecrets;
import com.orbusdigital.oid.persistence.DatabaseReady;
import com.orbusdigital.oid.web.Unavailable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Seals an upstream provider's client secret at rest (column identity_providers.client_secret):
 * AES-256-GCM under the server secret {@value #KEY_NAME} (table server_secrets, made once and shared
 * by every replica; itself sealed by OID_KEY_ENCRYPTION_KEY when that is set), the provider's id as
 * additional data so a sealed secret copied to another provider's row does not open there. A dump
 * of identity_providers alone then signs in nowhere. The key is read at start-up, never on a request.
 */
@ApplicationScoped
public class ProviderSecretSeal {

    static final String KEY_NAME = "identity-providers";

    private ServerSecrets secrets;
    private volatile PrivateKeyCipher cipher;

    protected ProviderSecretSeal() {
        // for the CDI proxy
    }

    @Inject
    public ProviderSecretSeal(ServerSecrets secrets) {
        this.secrets = secrets;
    }

    /** With a key at hand (tests). */
    ProviderSecretSeal(byte[] key) {
        this.cipher = cipher(key);
    }

    void onDatabaseReady(@Observes DatabaseReady ready) {
        cipher = cipher(secrets.loadOrCreate(KEY_NAME, 32));
    }

    private static PrivateKeyCipher cipher(byte[] key) {
        return new PrivateKeyCipher(Optional.of(new Secret(Base64.getEncoder().encodeToString(key))));
    }

    public byte[] seal(UUID providerId, Secret clientSecret) {
        return current().seal(providerId.toString(), clientSecret.reveal().getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalStateException when it does not open: another row's secret, another key */
    public Secret open(UUID providerId, byte[] sealed) {
        return new Secret(new String(current().open(providerId.toString(), PrivateKeyCipher.AES_GCM, sealed), StandardCharsets.UTF_8));
    }

    private PrivateKeyCipher current() {
        PrivateKeyCipher known = cipher;
        if (known == null) {
            throw new Unavailable("provider secrets cannot be sealed yet: the database has not been reached");
        }
        return known;
    }
}
