package com.orbusdigital.oid.federation;

import com.orbusdigital.oid.persistence.RowLocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The admin side's identity providers: every query names the tenant, so another tenant's provider is never read. */
@ApplicationScoped
public class IdentityProviderRepository {

    private EntityManager entityManager;

    protected IdentityProviderRepository() {
        // for the CDI proxy
    }

    @Inject
    public IdentityProviderRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    public Optional<IdentityProvider> find(UUID tenantId, UUID id) {
        return entityManager.createQuery("select p from IdentityProvider p where p.tenantId = :tenant and p.id = :id",
                        IdentityProvider.class)
                .setParameter("tenant", tenantId)
                .setParameter("id", id)
                .getResultStream()
                .findFirst();
    }

    public List<IdentityProvider> list(UUID tenantId, int limit, int offset) {
        return entityManager.createQuery("select p from IdentityProvider p where p.tenantId = :tenant order by p.alias",
                        IdentityProvider.class)
                .setParameter("tenant", tenantId)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
    }

    public long count(UUID tenantId) {
        return entityManager.createQuery("select count(p) from IdentityProvider p where p.tenantId = :tenant", Long.class)
                .setParameter("tenant", tenantId)
                .getSingleResult();
    }

    /** Whether another provider of the tenant than {@code self} has this alias. */
    public boolean aliasTaken(UUID tenantId, String alias, UUID self) {
        return !entityManager.createQuery("""
                        select p.id from IdentityProvider p
                        where p.tenantId = :tenant and p.alias = :alias and p.id <> :self""", UUID.class)
                .setParameter("tenant", tenantId)
                .setParameter("alias", alias)
                .setParameter("self", self)
                .setMaxResults(1)
                .getResultList().isEmpty();
    }

    /** Which of these domains another provider of the tenant than {@code self} already has, sorted. */
    public List<String> domainsTaken(UUID tenantId, Collection<String> domains, UUID self) {
        if (domains.isEmpty()) {
            return List.of();
        }
        return entityManager.createQuery("""
                        select d.name from IdentityProvider p join p.domains d
                        where p.tenantId = :tenant and d.name in :domains and p.id <> :self
                        order by d.name""", String.class)
                .setParameter("tenant", tenantId)
                .setParameter("domains", domains)
                .setParameter("self", self)
                .getResultList();
    }

    /** The provider as its row is now, locked until the transaction ends; empty when it was deleted meanwhile. */
    public Optional<IdentityProvider> current(IdentityProvider provider) {
        return RowLocks.current(entityManager, provider);
    }

    public void add(IdentityProvider provider) {
        entityManager.persist(provider);
    }

    public void remove(IdentityProvider provider) {
        entityManager.remove(provider);
    }
}
