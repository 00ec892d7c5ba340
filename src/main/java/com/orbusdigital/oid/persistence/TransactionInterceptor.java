package com.orbusdigital.oid.persistence;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;

@Transactional
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER)
public class TransactionInterceptor {

    private final EntityManager entityManager;

    @Inject
    public TransactionInterceptor(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @AroundInvoke
    public Object inTransaction(InvocationContext invocation) throws Exception {
        EntityTransaction transaction = entityManager.getTransaction();
        if (transaction.isActive()) {
            return invocation.proceed();
        }
        transaction.begin();
        try {
            Object result = invocation.proceed();
            transaction.commit();
            return result;
        } catch (Throwable failure) {
            if (transaction.isActive()) {
                try {
                    transaction.rollback();
                } catch (RuntimeException rollbackFailure) {
                    failure.addSuppressed(rollbackFailure);
                }
            }
            // what was loaded in the failed transaction must not leak into the next one
            entityManager.clear();
            throw failure;
        }
    }
}
