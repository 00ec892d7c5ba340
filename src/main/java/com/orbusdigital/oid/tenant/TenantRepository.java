package com.orbusdigital.oid.tenant;

import com.orbusdigital.oid.persistence.RowLocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

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

    public Optional<Tenant> find(UUID id) {
        return Optional.ofNullable(entityManager.find(Tenant.class, id));
    }

    /** By id when the value is a UUID, by slug otherwise: the admin API's {tenant} path segment. */
    public Optional<Tenant> findByIdOrSlug(String idOrSlug) {
        try {
            return find(UUID.fromString(idOrSlug));
        } catch (IllegalArgumentException notAnId) {
            return findBySlug(idOrSlug);
        }
    }

    public List<Tenant> list(int limit, int offset) {
        return entityManager.createQuery("select t from Tenant t order by t.slug", Tenant.class)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
    }

    public long count() {
        return entityManager.createQuery("select count(t) from Tenant t", Long.class).getSingleResult();
    }

    /** The tenant as its row is now, locked until the transaction ends; empty when it was deleted meanwhile. */
    public Optional<Tenant> current(Tenant tenant) {
        return RowLocks.current(entityManager, tenant);
    }

    public void add(Tenant tenant) {
        entityManager.persist(tenant);
    }

    public void remove(Tenant tenant) {
        entityManager.remove(tenant);
    }

    /** Writes what is pending now rather than at commit. */
    public void flush() {
        entityManager.flush();
    }
}
