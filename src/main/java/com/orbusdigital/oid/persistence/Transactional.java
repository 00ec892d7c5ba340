package com.orbusdigital.oid.persistence;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the method in a resource-local transaction on the request's EntityManager (Tomcat has no
 * JTA): commit on return, roll back on any exception. A nested call joins the open transaction.
 * <p>
 * Put on the method where a use case starts (a grant's step, an endpoint's service call), not on a
 * store's methods: one use case, one commit. A step that must commit before its caller goes on (the
 * code exchange before the tokens are announced) is a bean of its own, called through its proxy:
 * whether a bean's call to its own method is intercepted is up to the container (CDI leaves
 * self-interception unportable), and a public method that exists only to be called through
 * {@code this} is easy to misread.
 */
@InterceptorBinding
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface Transactional {}
