package com.orbusdigital.oid.web;

import com.orbusdigital.oid.config.Issuer;
import java.net.URI;

/**
 * The two cookies OID sets in a browser, written by hand to control every attribute: both
 * HttpOnly, Secure when the issuer is https, limited to the issuer's path.
 * <ul>
 *   <li>{@value #SESSION}: the sign-in session. SameSite=Lax, so it comes along when a client sends
 *       the browser to /authorize (a top-level GET) but not on another site's POST. No Max-Age: it
 *       ends with the browser, and the session ends on the server anyway.</li>
 *   <li>{@value #CSRF}: the double-submit token of OID's forms. SameSite=Strict: only OID's own
 *       pages post it.</li>
 * </ul>
 */
public final class BrowserCookies {

    public static final String SESSION = "oid_session";
    public static final String CSRF = "oid_csrf";

    private final String attributes;

    public BrowserCookies(Issuer issuer) {
        String path = URI.create(issuer.value()).getRawPath();
        this.attributes = "; Path=" + (path == null || path.isEmpty() ? "/" : path) + "; HttpOnly" + (issuer.isHttps() ? "; Secure" : "");
    }

    public String session(String value) {
        return SESSION + "=" + value + attributes + "; SameSite=Lax";
    }

    public String clearSession() {
        return SESSION + "=" + attributes + "; Max-Age=0; SameSite=Lax";
    }

    public String csrf(String value) {
        return CSRF + "=" + value + attributes + "; SameSite=Strict";
    }
}
