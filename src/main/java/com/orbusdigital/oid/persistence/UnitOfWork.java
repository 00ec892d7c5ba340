package com.orbusdigital.oid.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.function.Supplier;

/**
 * Database work for background threads, through the same {@link Transactional} interceptor as
 * every service: a request context (and so an EntityManager) of its own when none is active, a
 * transaction of its own unless one is open (then it joins), committed on return, rolled back on
 * any exception.
 */
@ApplicationScoped
public class UnitOfWork {

    @ActivateRequestContext
    @Transactional
    public <T> T call(Supplier<T> work) {
        return work.get();
    }
}
