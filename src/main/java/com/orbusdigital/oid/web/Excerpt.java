package com.orbusdigital.oid.web;

/**
 * A value of the request quoted in an error message: the first 40 characters, so that a huge or
 * hostile value does not come back in full (an error description may travel in a Location header).
 */
public final class Excerpt {

    static final int MAX_LENGTH = 40;

    private Excerpt() {}

    public static String of(String value) {
        return value.length() > MAX_LENGTH ? value.substring(0, MAX_LENGTH) + "…" : value;
    }
}
