package com.orbusdigital.oid.factor.recovery;

import com.orbusdigital.oid.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;

/** The table recovery_codes: the SHA-256 of each code of a user's set, and when it was spent. */
@ApplicationScoped
public class RecoveryCodeStore {

    private static final String DELETE_ALL = "DELETE FROM {schema}.recovery_codes WHERE user_id = :user";
    private static final String INSERT = """
            INSERT INTO {schema}.recovery_codes (user_id, tenant_id, code_hash, created_at) VALUES (:user, :tenant, :hash, :now)""";
    /** Spends a code, once: a second use (or the loser of two posts) changes no row. */
    private static final String SPEND = """
            UPDATE {schema}.recovery_codes SET used_at = :now
            WHERE user_id = :user AND tenant_id = :tenant AND code_hash = :hash AND used_at IS NULL""";
    private static final String REMAINING = """
            SELECT count(*) AS remaining FROM {schema}.recovery_codes WHERE user_id = :user AND used_at IS NULL""";

    private Rows rows;

    protected RecoveryCodeStore() {
        // for the CDI proxy
    }

    @Inject
    public RecoveryCodeStore(Rows rows) {
        this.rows = rows;
    }

    /** The user's set replaced by these hashes (in the caller's transaction). */
    public void replace(UUID tenantId, UUID userId, Iterable<byte[]> hashes, Instant now) {
        rows.query(DELETE_ALL).set("user", userId).update();
        for (byte[] hash : hashes) {
            rows.query(INSERT).set("user", userId).set("tenant", tenantId).set("hash", hash).set("now", now).update();
        }
    }

    public boolean spend(UUID tenantId, UUID userId, byte[] hash, Instant now) {
        return rows.query(SPEND).set("user", userId).set("tenant", tenantId).set("hash", hash).set("now", now).update() == 1;
    }

    public int remaining(UUID userId) {
        return rows.query(REMAINING).set("user", userId).one(row -> row.intValue("remaining"));
    }
}
