package com.orbusdigital.oid.factor.otp;

import com.orbusdigital.oid.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The table totp_credentials: one authenticator-app secret per user, set up once its first code is confirmed. */
@ApplicationScoped
public class TotpCredentials {

    /** What is stored of a user's secret; {@code secret} as stored (sealed when encryption says so). */
    public record Stored(byte[] secret, String encryption, Instant createdAt, boolean confirmed) {
        @Override
        public String toString() {
            return "Stored[" + encryption + (confirmed ? ", confirmed" : ", unconfirmed") + "]";
        }
    }

    /** Who the secret is for, as the app's entry names it. */
    public record Account(String username, String tenantName) {}

    private static final String FIND = """
            SELECT secret, encryption, created_at, confirmed_at IS NOT NULL AS confirmed FROM {schema}.totp_credentials
            WHERE user_id = :user AND tenant_id = :tenant""";
    /** A new enrolment replaces one under way, never a secret set up (no row changed then). */
    private static final String ENROL = """
            INSERT INTO {schema}.totp_credentials (user_id, tenant_id, secret, encryption, created_at)
            VALUES (:user, :tenant, :secret, :encryption, :now)
            ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, encryption = EXCLUDED.encryption,
                                                created_at = EXCLUDED.created_at, last_step = NULL
            WHERE totp_credentials.confirmed_at IS NULL AND totp_credentials.tenant_id = EXCLUDED.tenant_id""";
    /** A code's step taken, once: a replay (or the loser of two posts) changes no row. */
    private static final String ACCEPT = """
            UPDATE {schema}.totp_credentials SET last_step = :step
            WHERE user_id = :user AND tenant_id = :tenant AND confirmed_at IS NOT NULL AND (last_step IS NULL OR last_step < :step)""";
    /** The first code of an enrolment of this sign-in (created since {@code :since}) sets it up. */
    private static final String CONFIRM = """
            UPDATE {schema}.totp_credentials SET confirmed_at = :now, last_step = :step
            WHERE user_id = :user AND tenant_id = :tenant AND confirmed_at IS NULL AND created_at >= :since
              AND (last_step IS NULL OR last_step < :step)""";
    private static final String ACCOUNT = """
            SELECT u.username, t.name AS tenant_name FROM {schema}.users u JOIN {schema}.tenants t ON t.id = u.tenant_id
            WHERE u.id = :user AND u.tenant_id = :tenant""";

    private Rows rows;

    protected TotpCredentials() {
        // for the CDI proxy
    }

    @Inject
    public TotpCredentials(Rows rows) {
        this.rows = rows;
    }

    public Optional<Stored> find(UUID tenantId, UUID userId) {
        return rows.query(FIND).set("user", userId).set("tenant", tenantId)
                .optional(row -> new Stored(row.bytes("secret"), row.string("encryption"), row.instant("created_at"), row.bool("confirmed")));
    }

    /** Whether the secret was stored: false when the user has one set up already. */
    public boolean enrol(UUID tenantId, UUID userId, byte[] secret, String encryption, Instant now) {
        return rows.query(ENROL).set("user", userId).set("tenant", tenantId).set("secret", secret).set("encryption", encryption)
                .set("now", now).update() == 1;
    }

    public boolean accept(UUID tenantId, UUID userId, long step) {
        return rows.query(ACCEPT).set("user", userId).set("tenant", tenantId).set("step", step).update() == 1;
    }

    public boolean confirm(UUID tenantId, UUID userId, long step, Instant since, Instant now) {
        return rows.query(CONFIRM).set("user", userId).set("tenant", tenantId).set("step", step).set("since", since).set("now", now)
                .update() == 1;
    }

    public Optional<Account> account(UUID tenantId, UUID userId) {
        return rows.query(ACCOUNT).set("user", userId).set("tenant", tenantId)
                .optional(row -> new Account(row.string("username"), row.string("tenant_name")));
    }
}
