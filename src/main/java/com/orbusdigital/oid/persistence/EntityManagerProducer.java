package com.orbusdigital.oid.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.persistence.EntityManager;

/**
 * One EntityManager per request (or per {@code @ActivateRequestContext} unit of background work),
 * closed when the request ends.
 */
@ApplicationScoped
public class EntityManagerProducer {

    @Produces
    @RequestScoped
    EntityManager entityManager(Database database) {
        return database.entityManagerFactory().createEntityManager();
    }

    void close(@Disposes EntityManager entityManager) {
        if (entityManager.isOpen()) {
            if (entityManager.getTransaction().isActive()) {
                entityManager.getTransaction().rollback();
            }
            entityManager.close();
        }
    }
}
