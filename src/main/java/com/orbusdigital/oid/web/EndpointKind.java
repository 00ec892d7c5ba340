package com.orbusdigital.oid.web;

import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.AnnotatedElement;

/**
 * Who is on the other end of an endpoint, and so in what format its errors are written: a page for
 * a person's browser, RFC 6749 error JSON for a client's code, a problem document for an admin tool.
 * Declared on each resource ({@link BrowserEndpoint}, {@link ProtocolEndpoint}, {@link AdminApi})
 * and read by the exception mappers from the matched resource, never from the URL's path.
 */
public enum EndpointKind {
    BROWSER,
    PROTOCOL,
    ADMIN,
    /** A resource that declares no kind (health, metrics, the OpenAPI document): written as the protocol's errors. */
    OTHER,
    /** No resource matched (an unknown path or method): a problem document. */
    UNMATCHED;

    /** The kind of the resource a request matched. */
    public static EndpointKind of(ResourceInfo resource) {
        Class<?> type = resource == null ? null : resource.getResourceClass();
        if (type == null) {
            return UNMATCHED;
        }
        if (declares(resource, type, BrowserEndpoint.class)) {
            return BROWSER;
        }
        if (declares(resource, type, ProtocolEndpoint.class)) {
            return PROTOCOL;
        }
        return declares(resource, type, AdminApi.class) ? ADMIN : OTHER;
    }

    private static boolean declares(ResourceInfo resource, Class<?> type, Class<? extends java.lang.annotation.Annotation> kind) {
        AnnotatedElement method = resource.getResourceMethod();
        return type.isAnnotationPresent(kind) || method != null && method.isAnnotationPresent(kind);
    }
}
