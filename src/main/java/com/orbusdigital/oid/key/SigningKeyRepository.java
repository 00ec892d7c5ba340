package com.orbusdigital.oid.key;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class SigningKeyRepository {

    private EntityManager entityManager;

    protected SigningKeyRepository() {
        // for the CDI proxy
    }

    @Inject
    public SigningKeyRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Keys still published at {@code now}, newest activation first. */
    public List<SigningKey> published(Instant now) {
        return entityManager.createQuery("""
                        select k from SigningKey k
                        where k.publishedAt <= :now and (k.expiresAt is null or k.expiresAt > :now)
                        order by k.activeFrom desc, k.kid""", SigningKey.class)
                .setParameter("now", now)
                .getResultList();
    }

    public void add(SigningKey key) {
        entityManager.persist(key);
    }
}
