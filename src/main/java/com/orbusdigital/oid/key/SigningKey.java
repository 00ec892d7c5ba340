package com.orbusdigital.oid.key;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** A stored signing key; the private part never leaves the server. */
@Entity
@Table(name = "signing_keys")
public class SigningKey {

    @Id
    private String kid;

    @Column(nullable = false)
    private String algorithm;

    @Column(name = "public_jwk", nullable = false)
    private String publicJwk;

    @Column(name = "private_key", nullable = false)
    private byte[] privateKey;

    @Column(name = "private_key_encryption", nullable = false)
    private String privateKeyEncryption;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "published_at", nullable = false)
    private Instant publishedAt;

    @Column(name = "active_from", nullable = false)
    private Instant activeFrom;

    @Column(name = "retire_at")
    private Instant retireAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    protected SigningKey() {
        // for JPA
    }

    /** A key published at {@code now} that signs from {@code activeFrom}. */
    public SigningKey(String kid, String algorithm, String publicJwk, byte[] privateKey, String privateKeyEncryption,
                      Instant now, Instant activeFrom) {
        this.kid = kid;
        this.algorithm = algorithm;
        this.publicJwk = publicJwk;
        this.privateKey = privateKey.clone();
        this.privateKeyEncryption = privateKeyEncryption;
        this.createdAt = now;
        this.publishedAt = now;
        this.activeFrom = activeFrom;
    }

    /** A successor signs from {@code retireAt}; this key stays published until {@code expiresAt}. */
    public void retire(Instant retireAt, Instant expiresAt) {
        this.retireAt = retireAt;
        this.expiresAt = expiresAt;
    }

    public String kid() {
        return kid;
    }

    public String algorithm() {
        return algorithm;
    }

    public String publicJwk() {
        return publicJwk;
    }

    public byte[] privateKey() {
        return privateKey.clone();
    }

    /** How {@link #privateKey()} is stored: {@code none} (PKCS#8) or {@code aes-256-gcm} (see PrivateKeyCipher). */
    public String privateKeyEncryption() {
        return privateKeyEncryption;
    }

    /** Replaces the stored private part, e.g. a plain one by its sealed form. */
    public void storePrivateKey(byte[] privateKey, String privateKeyEncryption) {
        this.privateKey = privateKey.clone();
        this.privateKeyEncryption = privateKeyEncryption;
    }

    public Instant publishedAt() {
        return publishedAt;
    }

    public Instant activeFrom() {
        return activeFrom;
    }

    public Optional<Instant> retireAt() {
        return Optional.ofNullable(retireAt);
    }

    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }
}
