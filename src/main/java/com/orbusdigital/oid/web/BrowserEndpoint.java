package com.orbusdigital.oid.web;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource a person's browser calls (/authorize, /login, /logout): its errors are pages,
 * or redirects back to the client where {@link com.orbusdigital.oid.web.page.BrowserError} allows.
 * See {@link EndpointKind}.
 */
@NameBinding
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface BrowserEndpoint {}
