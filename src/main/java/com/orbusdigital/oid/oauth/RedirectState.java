package com.orbusdigital.oid.oauth;

import com.orbusdigital.oid.web.UrlQuery;

/**
 * The {@code state} a client sends and gets back in a redirect's Location header (after an
 * authorization request or a logout). It must fit there: with a registered redirect URI (at most
 * 2000 characters), an error and the issuer, a state of at most {@link #MAX_BYTES} URL-encoded
 * keeps the header well within Tomcat's 8 KiB. A longer one cannot be echoed, so the request is
 * refused with a page.
 */
public final class RedirectState {

    public static final int MAX_BYTES = 2048;

    private RedirectState() {}

    public static boolean fits(String state) {
        return UrlQuery.encode(state).length() <= MAX_BYTES;
    }
}
