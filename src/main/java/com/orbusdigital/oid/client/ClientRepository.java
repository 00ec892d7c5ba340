package com.orbusdigital.oid.client;

import com.orbusdigital.oid.persistence.RowLocks;
import com.orbusdigital.oid.tenant.ClientIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ClientRepository implements ClientIds {

    private EntityManager entityManager;

    protected ClientRepository() {
        // for the CDI proxy
    }

    @Inject
    public ClientRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * The client with its tenant and roles, in one query: everything a token request needs.
     * No DISTINCT: Hibernate 6 de-duplicates fetch joins itself, and this runs on every token request.
     */
    public Optional<Client> findByClientId(String clientId) {
        return entityManager.createQuery("""
                        select c from Client c
                        join fetch c.tenant
                        left join fetch c.roles
                        where c.clientId = :clientId""", Client.class)
                .setParameter("clientId", clientId)
                .getResultStream()
                .findFirst();
    }

    /** Every client with its tenant and roles, in one query: what {@link ClientCache} keeps. */
    public List<Client> findAll() {
        return entityManager.createQuery("""
                        select c from Client c
                        join fetch c.tenant
                        left join fetch c.roles""", Client.class)
                .getResultList();
    }

    public List<Client> list(UUID tenantId, int limit, int offset) {
        return entityManager.createQuery("select c from Client c where c.tenant.id = :tenant order by c.clientId", Client.class)
                .setParameter("tenant", tenantId)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
    }

    public long count(UUID tenantId) {
        return entityManager.createQuery("select count(c) from Client c where c.tenant.id = :tenant", Long.class)
                .setParameter("tenant", tenantId)
                .getSingleResult();
    }

    /** The client as its row is now, locked until the transaction ends; empty when it was deleted meanwhile. */
    public Optional<Client> current(Client client) {
        return RowLocks.current(entityManager, client);
    }

    @Override
    public boolean anyWithClientIdStarting(String prefix) {
        return !entityManager.createQuery("select c.id from Client c where c.clientId like :prefix", UUID.class)
                .setParameter("prefix", prefix + "%")
                .setMaxResults(1)
                .getResultList().isEmpty();
    }

    public void add(Client client) {
        entityManager.persist(client);
    }

    public void remove(Client client) {
        entityManager.remove(client);
    }
}
