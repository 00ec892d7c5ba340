package com.orbusdigital.oid.account;

import com.orbusdigital.oid.persistence.RowMapper;
import com.orbusdigital.oid.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Issue 17: the invitations' rows. A link is live while its invitation is pending, unexpired and its
 * tenant enabled; it is used by one atomic UPDATE (of two simultaneous uses, the second waits for the
 * first's row lock and then finds it accepted); a resend replaces its hash and a revocation moves its
 * state, so the old link dies in the same statement.
 */
@ApplicationScoped
public class InvitationStore {

    private static final String COLUMNS = """
            i.id, i.tenant_id, i.email, i.username, i.name, i.roles, i.client_id, i.redirect_uri, i.locale, i.state, i.created_at,
            i.sent_at, i.expires_at, i.accepted_at, i.revoked_at, i.user_id""";
    private static final String CREATE = """
            INSERT INTO {schema}.invitations (id, tenant_id, email, username, name, roles, client_id, redirect_uri, locale, token_hash,
                created_at, sent_at, expires_at)
            VALUES (:id, :tenant, :email, :username, :name, string_to_array(:roles, ','), :client_id, :redirect_uri, :locale, :hash,
                :now, :now, :expires)""";
    private static final String FIND = "SELECT " + COLUMNS + " FROM {schema}.invitations i WHERE i.id = :id AND i.tenant_id = :tenant";
    /** {@code :state} 'expired' is a pending invitation past its expiry; 'pending' one that is not; NULL: every one. */
    private static final String FILTER = """
            i.tenant_id = :tenant AND (CAST(:state AS text) IS NULL
                OR (:state = 'expired' AND i.state = 'pending' AND i.expires_at <= :now)
                OR (:state = 'pending' AND i.state = 'pending' AND i.expires_at > :now)
                OR (:state IN ('accepted', 'revoked') AND i.state = :state))""";
    private static final String LIST = "SELECT " + COLUMNS + " FROM {schema}.invitations i WHERE " + FILTER
            + " ORDER BY i.created_at DESC, i.id LIMIT :limit OFFSET :offset";
    private static final String COUNT = "SELECT count(*) AS total FROM {schema}.invitations i WHERE " + FILTER;
    private static final String LIVE_FOR = """
            SELECT EXISTS (SELECT 1 FROM {schema}.invitations WHERE tenant_id = :tenant AND state = 'pending' AND expires_at > :now
                AND (lower(email) = lower(:email) OR lower(username) = lower(:username))) AS taken""";
    /** A resend: a new hash (the old link dies) and a new expiry, for a pending invitation, expired or not. */
    private static final String RESEND = """
            UPDATE {schema}.invitations i SET token_hash = :hash, sent_at = :now, expires_at = :expires
            WHERE i.id = :id AND i.tenant_id = :tenant AND i.state = 'pending'
            RETURNING\s""" + COLUMNS;
    private static final String REVOKE = """
            UPDATE {schema}.invitations i SET state = 'revoked', revoked_at = :now
            WHERE i.id = :id AND i.tenant_id = :tenant AND i.state = 'pending'
            RETURNING\s""" + COLUMNS;
    private static final String LIVE_CONDITION = """
            i.token_hash = :hash AND i.state = 'pending' AND i.expires_at > :now AND t.id = i.tenant_id AND t.enabled""";
    private static final String FIND_LIVE = "SELECT " + COLUMNS + " FROM {schema}.invitations i, {schema}.tenants t WHERE " + LIVE_CONDITION;
    /** Single use: the state moves once. */
    private static final String ACCEPT = """
            UPDATE {schema}.invitations i SET state = 'accepted', accepted_at = :now FROM {schema}.tenants t
            WHERE\s""" + LIVE_CONDITION + """

            RETURNING\s""" + COLUMNS;
    private static final String SET_USER = "UPDATE {schema}.invitations SET user_id = :user WHERE id = :id";

    private static final RowMapper<Invitation> INVITATION = row -> new Invitation(row.uuid("id"), row.uuid("tenant_id"), row.string("email"),
            row.string("username"), row.optionalString("name"), row.strings("roles"), row.optionalString("client_id"),
            row.optionalString("redirect_uri"), row.optionalString("locale"), row.string("state"), row.instant("created_at"),
            row.instant("sent_at"), row.instant("expires_at"), row.optionalInstant("accepted_at"), row.optionalInstant("revoked_at"),
            row.optionalUuid("user_id"));

    private Rows rows;

    protected InvitationStore() {
        // for the CDI proxy
    }

    @Inject
    public InvitationStore(Rows rows) {
        this.rows = rows;
    }

    void create(Invitation invitation, byte[] tokenHash) {
        rows.query(CREATE).set("id", invitation.id()).set("tenant", invitation.tenantId()).set("email", invitation.email())
                .set("username", invitation.username()).set("name", invitation.name()).set("roles", String.join(",", invitation.roles()))
                .set("client_id", invitation.clientId()).set("redirect_uri", invitation.redirectUri()).set("locale", invitation.locale())
                .set("hash", tokenHash).set("now", invitation.createdAt()).set("expires", invitation.expiresAt()).update();
    }

    Optional<Invitation> find(UUID tenantId, UUID id) {
        return rows.query(FIND).set("id", id).set("tenant", tenantId).optional(INVITATION);
    }

    List<Invitation> list(UUID tenantId, Optional<Invitation.State> state, Instant now, int limit, int offset) {
        return rows.query(LIST).set("tenant", tenantId).set("state", state.map(Invitation.State::value)).set("now", now)
                .set("limit", limit).set("offset", offset).list(INVITATION);
    }

    long count(UUID tenantId, Optional<Invitation.State> state, Instant now) {
        return rows.query(COUNT).set("tenant", tenantId).set("state", state.map(Invitation.State::value)).set("now", now)
                .one(row -> row.longValue("total"));
    }

    /** Whether a live invitation already names this address or username in the tenant. */
    boolean liveFor(UUID tenantId, String email, String username, Instant now) {
        return rows.query(LIVE_FOR).set("tenant", tenantId).set("email", email).set("username", username).set("now", now)
                .one(row -> row.bool("taken"));
    }

    Optional<Invitation> resend(UUID tenantId, UUID id, byte[] tokenHash, Instant now, Instant expires) {
        return rows.query(RESEND).set("tenant", tenantId).set("id", id).set("hash", tokenHash).set("now", now).set("expires", expires)
                .optional(INVITATION);
    }

    Optional<Invitation> revoke(UUID tenantId, UUID id, Instant now) {
        return rows.query(REVOKE).set("tenant", tenantId).set("id", id).set("now", now).optional(INVITATION);
    }

    Optional<Invitation> findLive(byte[] tokenHash, Instant now) {
        return rows.query(FIND_LIVE).set("hash", tokenHash).set("now", now).optional(INVITATION);
    }

    /** Marks the invitation accepted if its link is live; empty when it was not (expired, revoked, resent, used). */
    Optional<Invitation> accept(byte[] tokenHash, Instant now) {
        return rows.query(ACCEPT).set("hash", tokenHash).set("now", now).optional(INVITATION);
    }

    void setUser(UUID invitationId, UUID userId) {
        rows.query(SET_USER).set("id", invitationId).set("user", userId).update();
    }
}
