package com.orbusdigital.oid.factor.passkey;

import com.orbusdigital.oid.persistence.RowMapper;
import com.orbusdigital.oid.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The table webauthn_credentials: one statement a step. */
@ApplicationScoped
public class PasskeyStore {

    /** Who a passkey is created for, as the authenticator shows it. */
    public record Holder(String username, Optional<String> name) {}

    /** A credential id that is already registered (to anyone) is not stored twice: no row. */
    private static final String INSERT = """
            INSERT INTO {schema}.webauthn_credentials (id, tenant_id, user_id, credential_id, public_key, sign_count, transports, aaguid,
                                                       backup_eligible, backed_up, uv_initialized, name, created_at)
            VALUES (:id, :tenant, :user, :credential, :key, :count, :transports, :aaguid, :backup_eligible, :backed_up, :uv, :name, :now)
            ON CONFLICT (credential_id) DO NOTHING""";
    /** Within the tenant only: a passkey of another tenant's user is not found, as if it did not exist. */
    private static final String FIND = """
            SELECT c.id, c.tenant_id, c.user_id, c.credential_id, c.public_key, c.sign_count, c.aaguid, c.backup_eligible, c.backed_up,
                   c.uv_initialized, u.enabled, u.locked_until
            FROM {schema}.webauthn_credentials c JOIN {schema}.users u ON u.id = c.user_id
            WHERE c.credential_id = :credential AND c.tenant_id = :tenant AND u.tenant_id = :tenant""";
    private static final String OF_USER = """
            SELECT credential_id, transports FROM {schema}.webauthn_credentials WHERE user_id = :user ORDER BY created_at, id""";
    /**
     * After an assertion: the counter only forward (of two assertions racing with one counter value,
     * one finds no row), the backup state as the authenticator last said.
     */
    private static final String USED = """
            UPDATE {schema}.webauthn_credentials SET sign_count = GREATEST(sign_count, :count), backed_up = :backed_up, last_used_at = :now
            WHERE id = :id AND (:count = 0 OR sign_count = 0 OR sign_count < :count)""";
    private static final String HOLDER = "SELECT username, name FROM {schema}.users WHERE id = :user";

    private static final RowMapper<StoredPasskey> STORED = row -> new StoredPasskey(row.uuid("id"), row.uuid("tenant_id"), row.uuid("user_id"),
            row.bytes("credential_id"), row.bytes("public_key"), row.longValue("sign_count"), row.optionalUuid("aaguid"),
            row.bool("backup_eligible"), row.bool("backed_up"), row.bool("uv_initialized"), row.bool("enabled"),
            row.optionalInstant("locked_until"));

    private Rows rows;

    protected PasskeyStore() {
        // for the CDI proxy
    }

    @Inject
    public PasskeyStore(Rows rows) {
        this.rows = rows;
    }

    /** Stores a new passkey; false when its credential id is already registered. */
    public boolean add(UUID id, UUID tenantId, UUID userId, PasskeyVerifier.Registration registration, String name, Instant now) {
        return rows.query(INSERT)
                .set("id", id)
                .set("tenant", tenantId)
                .set("user", userId)
                .set("credential", registration.credentialId())
                .set("key", registration.publicKey())
                .set("count", registration.signCount())
                .set("transports", String.join(" ", registration.transports()))
                .set("aaguid", registration.aaguid())
                .set("backup_eligible", registration.backupEligible())
                .set("backed_up", registration.backedUp())
                .set("uv", registration.userVerified())
                .set("name", name)
                .set("now", now)
                .update() == 1;
    }

    public Optional<StoredPasskey> find(UUID tenantId, byte[] credentialId) {
        return rows.query(FIND).set("tenant", tenantId).set("credential", credentialId).optional(STORED);
    }

    /** The user's passkeys, as options allow or exclude them. */
    public List<PasskeyOptions.Descriptor> of(UUID userId) {
        return rows.query(OF_USER).set("user", userId).list(row -> new PasskeyOptions.Descriptor(row.bytes("credential_id"),
                Arrays.stream(row.string("transports").split(" ")).filter(transport -> !transport.isEmpty()).toList()));
    }

    /** Records an accepted assertion; false when another one with the same counter got there first. */
    public boolean used(UUID id, PasskeyVerifier.Assertion assertion, Instant now) {
        return rows.query(USED).set("id", id).set("count", assertion.signCount()).set("backed_up", assertion.backedUp()).set("now", now)
                .update() == 1;
    }

    public Optional<Holder> holder(UUID userId) {
        return rows.query(HOLDER).set("user", userId).optional(row -> new Holder(row.string("username"), row.optionalString("name")));
    }
}
