package com.orbusdigital.oid.role;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
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

    public void add(Role role) {
        entityManager.persist(role);
    }
}
