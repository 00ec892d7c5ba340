package com.orbusdigital.oid.account;

import com.orbusdigital.oid.persistence.RowMapper;
import com.orbusdigital.oid.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Issue 17, self sign-up: the links' rows (table sign_ups: the SHA-256 of 256 random bits, never the
 * link), modelled on {@link PasswordResetLinks}. A link is live while unused, unexpired, its tenant
 * enabled and still letting people sign up: a tenant that turns sign-up off kills the links it sent.
 */
@ApplicationScoped
public class SignUpLinks {

    /** A live link: the tenant, the address it verifies, the name given, and the sign-in it continues. */
    record Live(UUID tenantId, String email, Optional<String> name, String returnQuery) {
        @Override
        public String toString() {
            return "Live[" + tenantId + "]"; // never the address
        }
    }

    /** {@code :real} false: the same statement, nothing written (an address that has an account, a request past the limits). */
    private static final String CREATE = """
            INSERT INTO {schema}.sign_ups (token_hash, tenant_id, email, name, return_query, created_at, expires_at)
            SELECT :hash, :tenant, :email, CAST(:name AS text), :return_query, :now, :expires WHERE :real""";
    private static final String LIVE_CONDITION = """
            s.used_at IS NULL AND s.expires_at > :now AND t.id = s.tenant_id AND t.enabled AND t.sign_up""";
    private static final String FIND_LIVE = """
            SELECT s.tenant_id, s.email, s.name, s.return_query FROM {schema}.sign_ups s, {schema}.tenants t
            WHERE s.token_hash = :hash AND\s""" + LIVE_CONDITION;
    /** Single use: of two simultaneous uses, the second waits for the first's row lock and then finds it used. */
    private static final String USE = """
            UPDATE {schema}.sign_ups s SET used_at = :now FROM {schema}.tenants t
            WHERE s.token_hash = :hash AND\s""" + LIVE_CONDITION + """

            RETURNING s.tenant_id, s.email, s.name, s.return_query""";
    /** The address's other links are moot once its account exists. */
    private static final String FORGET_OTHERS = """
            DELETE FROM {schema}.sign_ups WHERE tenant_id = :tenant AND email = :email AND token_hash <> :hash""";

    private static final RowMapper<Live> LIVE = row -> new Live(row.uuid("tenant_id"), row.string("email"), row.optionalString("name"),
            row.string("return_query"));

    private Rows rows;

    protected SignUpLinks() {
        // for the CDI proxy
    }

    @Inject
    public SignUpLinks(Rows rows) {
        this.rows = rows;
    }

    void create(byte[] tokenHash, UUID tenantId, String email, Optional<String> name, String returnQuery, Instant now, Instant expires,
                boolean real) {
        rows.query(CREATE).set("hash", tokenHash).set("tenant", tenantId).set("email", email).set("name", name.orElse(null))
                .set("return_query", returnQuery).set("now", now).set("expires", expires).set("real", real).update();
    }

    Optional<Live> findLive(byte[] tokenHash, Instant now) {
        return rows.query(FIND_LIVE).set("hash", tokenHash).set("now", now).optional(LIVE);
    }

    /** Marks the link used if it is live; what it was for, or empty when it was not. */
    Optional<Live> use(byte[] tokenHash, Instant now) {
        return rows.query(USE).set("hash", tokenHash).set("now", now).optional(LIVE);
    }

    void forgetOthers(UUID tenantId, String email, byte[] usedTokenHash) {
        rows.query(FORGET_OTHERS).set("tenant", tenantId).set("email", email).set("hash", usedTokenHash).update();
    }
}
