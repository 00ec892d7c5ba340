package com.orbusdigital.oid.role;

import com.orbusdigital.oid.persistence.RowLocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class RoleRepository {

    private EntityManager entityManager;

    protected RoleRepository() {
        // for the CDI proxy
    }

    @Inject
    public RoleRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    public Optional<Role> find(UUID tenantId, String name) {
        return entityManager.createQuery("select r from Role r where r.tenantId = :tenant and r.name = :name", Role.class)
                .setParameter("tenant", tenantId)
                .setParameter("name", name)
                .getResultStream()
                .findFirst();
    }

    public List<Role> list(UUID tenantId, int limit, int offset) {
        return entityManager.createQuery("select r from Role r where r.tenantId = :tenant order by r.name", Role.class)
                .setParameter("tenant", tenantId)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
    }

    public long count(UUID tenantId) {
        return entityManager.createQuery("select count(r) from Role r where r.tenantId = :tenant", Long.class)
                .setParameter("tenant", tenantId)
                .getSingleResult();
    }

    /** The role as its row is now, locked until the transaction ends; empty when it was deleted meanwhile. */
    public Optional<Role> current(Role role) {
        return RowLocks.current(entityManager, role);
    }

    public void add(Role role) {
        entityManager.persist(role);
    }

    /** Deletes the role; the database removes its assignments (ON DELETE CASCADE). */
    public void remove(Role role) {
        entityManager.remove(role);
        entityManager.flush();
        // assignments vanished in the database; entities loaded before must not carry them on
        entityManager.clear();
    }
}
