package com.orbusdigital.oid.key;

import com.orbusdigital.oid.web.PrebuiltJson;

/** The JWKS document, serialised once per key change. */
public record Jwks(PrebuiltJson document, int size) {

    Jwks(byte[] json, int size) {
        this(new PrebuiltJson(json), size);
    }
}
