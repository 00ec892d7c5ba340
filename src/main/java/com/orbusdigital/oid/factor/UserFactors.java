package com.orbusdigital.oid.factor;

import com.orbusdigital.oid.event.FactorChange;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.persistence.RowMapper;
import com.orbusdigital.oid.persistence.Rows;
import com.orbusdigital.oid.persistence.Transactional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A user's passkeys, authenticator app and recovery codes as their owner or an administrator sees
 * them — never a secret, public key, credential id, code or hash — and taking them away: one
 * passkey, the authenticator app, or all of them at once. Each removal is one transaction with its
 * event. What is removed cannot be used again from the next request on: the rows are gone, and
 * every check of a factor reads them.
 */
@ApplicationScoped
public class UserFactors {

    /**
     * A passkey as listed.
     *
     * @param id     OID's id for it (the one events name), not the authenticator's credential id
     * @param synced backup eligible: the passkey can be copied to the user's other devices
     * @param aaguid the authenticator model, when its registration said
     */
    public record Passkey(UUID id, String name, Instant createdAt, Optional<Instant> lastUsedAt, boolean synced,
                          Optional<UUID> aaguid) {}

    /** An authenticator app set up (its first code confirmed) at {@code setUpAt}. */
    public record Totp(Instant setUpAt) {}

    /** The user's current set of recovery codes: how many are unused, and when the set was made. */
    public record RecoveryCodes(int remaining, Instant createdAt) {}

    /** Everything a user has set up beyond a password. */
    public record Factors(List<Passkey> passkeys, Optional<Totp> totp, Optional<RecoveryCodes> recoveryCodes) {
        public Factors {
            passkeys = List.copyOf(passkeys);
        }
    }

    // every statement names the tenant too: a user's id alone never reaches another tenant's rows
    private static final String PASSKEYS = """
            SELECT id, name, created_at, last_used_at, backup_eligible, aaguid FROM {schema}.webauthn_credentials
            WHERE user_id = :user AND tenant_id = :tenant ORDER BY created_at, id""";
    /** An enrolment under way (not confirmed) is not an authenticator app yet. */
    private static final String TOTP = """
            SELECT confirmed_at FROM {schema}.totp_credentials
            WHERE user_id = :user AND tenant_id = :tenant AND confirmed_at IS NOT NULL""";
    private static final String RECOVERY_CODES = """
            SELECT count(*) FILTER (WHERE used_at IS NULL) AS remaining, max(created_at) AS created_at FROM {schema}.recovery_codes
            WHERE user_id = :user AND tenant_id = :tenant""";
    private static final String REMOVE_PASSKEY = """
            DELETE FROM {schema}.webauthn_credentials WHERE id = :id AND user_id = :user AND tenant_id = :tenant""";
    private static final String RENAME_PASSKEY = """
            UPDATE {schema}.webauthn_credentials SET name = :name WHERE id = :id AND user_id = :user AND tenant_id = :tenant""";
    private static final String REMOVE_TOTP = """
            DELETE FROM {schema}.totp_credentials WHERE user_id = :user AND tenant_id = :tenant AND confirmed_at IS NOT NULL""";
    /** Passkeys, the authenticator app (set up or under way) and recovery codes: one statement, all or nothing. */
    private static final String RESET = """
            WITH passkeys AS (DELETE FROM {schema}.webauthn_credentials WHERE user_id = :user AND tenant_id = :tenant RETURNING 1),
                 totp AS (DELETE FROM {schema}.totp_credentials WHERE user_id = :user AND tenant_id = :tenant RETURNING 1),
                 codes AS (DELETE FROM {schema}.recovery_codes WHERE user_id = :user AND tenant_id = :tenant RETURNING 1)
            SELECT (SELECT count(*) FROM passkeys) + (SELECT count(*) FROM totp) + (SELECT count(*) FROM codes) AS removed""";

    private static final RowMapper<Passkey> PASSKEY = row -> new Passkey(row.uuid("id"), row.string("name"), row.instant("created_at"),
            row.optionalInstant("last_used_at"), row.bool("backup_eligible"), row.optionalUuid("aaguid"));
    /** No set when there is no code at all, used or not. */
    private static final RowMapper<Optional<RecoveryCodes>> CODES = row -> {
        int remaining = row.intValue("remaining");
        return row.optionalInstant("created_at").map(createdAt -> new RecoveryCodes(remaining, createdAt));
    };

    private Rows rows;
    private Event<IdentityEvent> events;

    protected UserFactors() {
        // for the CDI proxy
    }

    @Inject
    public UserFactors(Rows rows, Event<IdentityEvent> events) {
        this.rows = rows;
        this.events = events;
    }

    public Factors of(UUID tenantId, UUID userId) {
        List<Passkey> passkeys = rows.query(PASSKEYS).set("user", userId).set("tenant", tenantId).list(PASSKEY);
        Optional<Totp> totp = rows.query(TOTP).set("user", userId).set("tenant", tenantId)
                .optional(row -> new Totp(row.instant("confirmed_at")));
        Optional<RecoveryCodes> codes = rows.query(RECOVERY_CODES).set("user", userId).set("tenant", tenantId).one(CODES);
        return new Factors(passkeys, totp, codes);
    }

    /** Removes one passkey of the user; false when the user has none with that id. */
    @Transactional
    public boolean removePasskey(UUID tenantId, UUID userId, UUID passkeyId, FactorChange.Actor by) {
        boolean removed = rows.query(REMOVE_PASSKEY).set("id", passkeyId).set("user", userId).set("tenant", tenantId).update() == 1;
        if (removed) {
            events.fire(new FactorChange.PasskeyRemoved(tenantId, userId, passkeyId, by));
        }
        return removed;
    }

    /** The longest name a passkey may be given. */
    public static final int MAX_PASSKEY_NAME = 64;

    /**
     * Gives one of the user's passkeys a new name (stripped, 1 to {@link #MAX_PASSKEY_NAME}
     * characters, no control character: the caller checks with {@link #isPasskeyName}); false when the user has
     * no passkey with that id.
     */
    public boolean renamePasskey(UUID tenantId, UUID userId, UUID passkeyId, String name) {
        return rows.query(RENAME_PASSKEY).set("id", passkeyId).set("user", userId).set("tenant", tenantId).set("name", name.strip())
                .update() == 1;
    }

    public static boolean isPasskeyName(String name) {
        String stripped = name.strip();
        return !stripped.isEmpty() && stripped.length() <= MAX_PASSKEY_NAME && stripped.codePoints().noneMatch(Character::isISOControl);
    }

    /** Removes the user's authenticator app; false when none is set up. */
    @Transactional
    public boolean removeTotp(UUID tenantId, UUID userId, FactorChange.Actor by) {
        boolean removed = rows.query(REMOVE_TOTP).set("user", userId).set("tenant", tenantId).update() == 1;
        if (removed) {
            events.fire(new FactorChange.TotpRemoved(tenantId, userId, by));
        }
        return removed;
    }

    /**
     * Removes every passkey, the authenticator app and the recovery codes of the user, even those a
     * policy requires: the user sets one up again at their next sign-in. Announced only when there
     * was something to remove; false when there was nothing.
     */
    @Transactional
    public boolean reset(UUID tenantId, UUID userId, FactorChange.Actor by) {
        boolean removed = rows.query(RESET).set("user", userId).set("tenant", tenantId).one(row -> row.longValue("removed")) > 0;
        if (removed) {
            events.fire(new FactorChange.MfaReset(tenantId, userId, by));
        }
        return removed;
    }
}
