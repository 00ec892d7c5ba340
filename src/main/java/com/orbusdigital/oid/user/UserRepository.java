package com.orbusdigital.oid.user;

import com.orbusdigital.oid.persistence.RowLocks;
import com.orbusdigital.oid.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class UserRepository {

    /** The user as their tokens describe them, when they may still have tokens (the view says who may). */
    private static final String FIND_TOKEN_SUBJECT = """
            SELECT s.id AS subject_id, s.username, s.name, s.email, s.email_verified, s.updated_at, s.roles, s.profile
            FROM {schema}.token_subjects s WHERE s.id = :id AND s.tenant_id = :tenant""";

    private EntityManager entityManager;
    private Rows rows;

    protected UserRepository() {
        // for the CDI proxy
    }

    @Inject
    public UserRepository(EntityManager entityManager, Rows rows) {
        this.entityManager = entityManager;
        this.rows = rows;
    }

    /**
     * The user of this tenant as their tokens describe them, when they may still have tokens: enabled,
     * in an enabled tenant. One statement instead of loading the user, the tenant and the roles as
     * entities: it runs in every authorization code exchange.
     */
    public Optional<TokenSubject> findTokenSubject(UUID tenantId, UUID id) {
        return rows.query(FIND_TOKEN_SUBJECT).set("id", id).set("tenant", tenantId).optional(TokenSubject.MAPPER);
    }

    /** The user of this tenant; another tenant's user with that id does not exist here. */
    public Optional<User> find(UUID tenantId, UUID id) {
        return Optional.ofNullable(entityManager.find(User.class, id)).filter(user -> user.tenantId().equals(tenantId));
    }

    public boolean usernameTaken(UUID tenantId, String username) {
        return exists("select count(u) from User u where u.tenantId = :tenant and lower(u.username) = lower(:value)", tenantId, username);
    }

    /** Whether a user of the tenant has a username with this {@link Usernames#skeleton}: one that looks alike. */
    public boolean lookAlikeTaken(UUID tenantId, String skeleton) {
        return exists("select count(u) from User u where u.tenantId = :tenant and u.usernameSkeleton = :value", tenantId, skeleton);
    }

    public boolean emailTaken(UUID tenantId, String email, UUID except) {
        return !entityManager.createQuery(
                        "select u.id from User u where u.tenantId = :tenant and lower(u.email) = lower(:value) and u.id <> :except", UUID.class)
                .setParameter("tenant", tenantId)
                .setParameter("value", email)
                .setParameter("except", except)
                .setMaxResults(1)
                .getResultList().isEmpty();
    }

    /** Users whose username, email or name contains {@code query} (case-insensitively), by username. */
    public List<User> search(UUID tenantId, Optional<String> query, int limit, int offset) {
        return where(tenantId, query, "select u from User u", User.class)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
    }

    public long count(UUID tenantId, Optional<String> query) {
        return where(tenantId, query, "select count(u) from User u", Long.class).getSingleResult();
    }

    /** The user as its row is now, locked until the transaction ends; empty when it was deleted meanwhile. */
    public Optional<User> current(User user) {
        return RowLocks.current(entityManager, user);
    }

    public void add(User user) {
        entityManager.persist(user);
    }

    public void remove(User user) {
        entityManager.remove(user);
    }

    private <T> TypedQuery<T> where(UUID tenantId, Optional<String> query, String select, Class<T> type) {
        String order = type == User.class ? " order by lower(u.username)" : "";
        if (query.isEmpty()) {
            return entityManager.createQuery(select + " where u.tenantId = :tenant" + order, type).setParameter("tenant", tenantId);
        }
        // LIKE wildcards in the search text are matched literally
        String pattern = "%" + query.get().toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return entityManager.createQuery(select + " where u.tenantId = :tenant and (lower(u.username) like :q escape '\\'"
                        + " or lower(u.email) like :q escape '\\' or lower(u.name) like :q escape '\\')" + order, type)
                .setParameter("tenant", tenantId)
                .setParameter("q", pattern);
    }

    private boolean exists(String jpql, UUID tenantId, String value) {
        return entityManager.createQuery(jpql, Long.class)
                .setParameter("tenant", tenantId)
                .setParameter("value", value)
                .getSingleResult() > 0;
    }
}
