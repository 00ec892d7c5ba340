package com.orbusdigital.oid.web;

import jakarta.ws.rs.core.Response;

/** RFC 6749 §5.1: responses carrying tokens or credentials must not be stored by any cache. */
public final class NoStore {

    private NoStore() {}

    public static Response.ResponseBuilder apply(Response.ResponseBuilder response) {
        return response.header("Cache-Control", "no-store").header("Pragma", "no-cache");
    }
}
