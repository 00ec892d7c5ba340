package com.orbusdigital.oid.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Optional;

@ApplicationScoped
public class ClientRepository {

    private EntityManager entityManager;

    protected ClientRepository() {
        // for the CDI proxy
    }

    @Inject
    public ClientRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** The client with its tenant and roles, in one query: everything a token request needs. */
    public Optional<Client> findByClientId(String clientId) {
        return entityManager.createQuery("""
                        select distinct c from Client c
                        join fetch c.tenant
                        left join fetch c.roles
                        where c.clientId = :clientId""", Client.class)
                .setParameter("clientId", clientId)
                .getResultStream()
                .findFirst();
    }

    public void add(Client client) {
        entityManager.persist(client);
    }
}
