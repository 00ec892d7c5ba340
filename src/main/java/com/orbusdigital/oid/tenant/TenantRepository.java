package com.orbusdigital.oid.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Optional;

@ApplicationScoped
public class TenantRepository {

    private EntityManager entityManager;

    protected TenantRepository() {
        // for the CDI proxy
    }

    @Inject
    public TenantRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    public Optional<Tenant> findBySlug(String slug) {
        return entityManager.createQuery("select t from Tenant t where t.slug = :slug", Tenant.class)
                .setParameter("slug", slug)
                .getResultStream()
                .findFirst();
    }

    public void add(Tenant tenant) {
        entityManager.persist(tenant);
    }
}
