package com.orbusdigital.oid.web;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource a relying party's or a resource server's code calls (token, userinfo,
 * revocation, introspection, discovery, JWKS): its errors are RFC 6749 error JSON. See
 * {@link EndpointKind}.
 */
@NameBinding
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface ProtocolEndpoint {}
