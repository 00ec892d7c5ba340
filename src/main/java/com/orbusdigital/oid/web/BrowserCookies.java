package com.orbusdigital.oid.web;

import com.orbusdigital.oid.config.Issuer;
import jakarta.ws.rs.core.Cookie;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cookies OID sets in a browser, written by hand to control every attribute: all
 * HttpOnly; with an https issuer named with the {@code __Host-} prefix, which browsers accept only
 * with Secure, Path=/ and no Domain, so that no sibling subdomain and no plain-http page can set or
 * replace them — the issuer's path then no longer scopes them (the prefix demands Path=/). With an
 * http issuer (development) they keep their plain names and the issuer's path.
 * <ul>
 *   <li>{@value #SESSION}: the sign-in session. SameSite=Lax, so it comes along when a client sends
 *       the browser to /authorize (a top-level GET) but not on another site's POST. No Max-Age: it
 *       ends with the browser, and the session ends on the server anyway.</li>
 *   <li>{@value #CSRF}: the random value {@code session.Csrf}'s form tokens are bound to. SameSite=Strict:
 *       only OID's own pages post it.</li>
 *   <li>{@value #LANGUAGE}: the language the user picked with a page's language switch
 *       ({@code en}, {@code fr}). SameSite=Lax, so it comes along when a client sends the browser
 *       to /authorize; kept for a year. Nothing secret, HttpOnly anyway: no script needs it.</li>
 *   <li>{@value #SIGN_IN}: a sign-in under way between its steps (a password proved, a second
 *       factor to come). SameSite=Strict, as only OID's own pages post its steps; ten minutes.</li>
 *   <li>{@value #PASSKEY_SIGN_IN}: the same for a sign-in by passkey alone, no one named yet, which
 *       the login page's script starts as the page opens: a cookie of its own, so that its answer,
 *       arriving after the password's, never replaces the sign-in the password started.</li>
 * </ul>
 * Only the names of this issuer are read: under https a cookie named without the prefix is ignored.
 */
public final class BrowserCookies {

    public static final String SESSION = "oid_session";
    public static final String CSRF = "oid_csrf";
    public static final String LANGUAGE = "oid_lang";
    public static final String SIGN_IN = "oid_signin";
    public static final String PASSKEY_SIGN_IN = "oid_passkey";
    /** As long as a pending sign-in lives. */
    public static final long SIGN_IN_MAX_AGE_SECONDS = 600;
    static final long LANGUAGE_MAX_AGE_SECONDS = 365L * 24 * 60 * 60;
    static final String HOST_PREFIX = "__Host-";

    private final String sessionName;
    private final String csrfName;
    private final String languageName;
    private final String signInName;
    private final String passkeySignInName;
    private final String attributes;

    public BrowserCookies(Issuer issuer) {
        if (issuer.isHttps()) {
            this.sessionName = HOST_PREFIX + SESSION;
            this.csrfName = HOST_PREFIX + CSRF;
            this.languageName = HOST_PREFIX + LANGUAGE;
            this.signInName = HOST_PREFIX + SIGN_IN;
            this.passkeySignInName = HOST_PREFIX + PASSKEY_SIGN_IN;
            this.attributes = "; Path=/; HttpOnly; Secure";
        } else {
            String path = URI.create(issuer.value()).getRawPath();
            this.sessionName = SESSION;
            this.csrfName = CSRF;
            this.languageName = LANGUAGE;
            this.signInName = SIGN_IN;
            this.passkeySignInName = PASSKEY_SIGN_IN;
            this.attributes = "; Path=" + (path == null || path.isEmpty() ? "/" : path) + "; HttpOnly";
        }
    }

    /** The session cookie's value among a request's cookies. */
    public Optional<String> session(Map<String, Cookie> sent) {
        return Optional.ofNullable(sent.get(sessionName)).map(Cookie::getValue);
    }

    /** The CSRF cookie's value among a request's cookies. */
    public Optional<String> csrf(Map<String, Cookie> sent) {
        return Optional.ofNullable(sent.get(csrfName)).map(Cookie::getValue);
    }

    /** The pending sign-in cookie's value among a request's cookies. */
    public Optional<String> signIn(Map<String, Cookie> sent) {
        return Optional.ofNullable(sent.get(signInName)).map(Cookie::getValue);
    }

    public String signIn(String value) {
        return signInName + "=" + value + attributes + "; Max-Age=" + SIGN_IN_MAX_AGE_SECONDS + "; SameSite=Strict";
    }

    public String clearSignIn() {
        return signInName + "=" + attributes + "; Max-Age=0; SameSite=Strict";
    }

    /** The cookie of a sign-in by passkey alone, among a request's cookies. */
    public Optional<String> passkeySignIn(Map<String, Cookie> sent) {
        return Optional.ofNullable(sent.get(passkeySignInName)).map(Cookie::getValue);
    }

    public String passkeySignIn(String value) {
        return passkeySignInName + "=" + value + attributes + "; Max-Age=" + SIGN_IN_MAX_AGE_SECONDS + "; SameSite=Strict";
    }

    public String clearPasskeySignIn() {
        return passkeySignInName + "=" + attributes + "; Max-Age=0; SameSite=Strict";
    }

    /** The language cookie's value among a request's cookies. */
    public Optional<String> language(Map<String, Cookie> sent) {
        return Optional.ofNullable(sent.get(languageName)).map(Cookie::getValue);
    }

    /** The language cookie's value among a servlet request's cookies (null when it has none). */
    public Optional<String> language(jakarta.servlet.http.Cookie[] sent) {
        if (sent == null) {
            return Optional.empty();
        }
        return Arrays.stream(sent).filter(cookie -> cookie.getName().equals(languageName)).map(jakarta.servlet.http.Cookie::getValue)
                .findFirst();
    }

    public String session(String value) {
        return sessionName + "=" + value + attributes + "; SameSite=Lax";
    }

    public String clearSession() {
        return sessionName + "=" + attributes + "; Max-Age=0; SameSite=Lax";
    }

    public String csrf(String value) {
        return csrfName + "=" + value + attributes + "; SameSite=Strict";
    }

    // --- issue 18, federation: a sign-in sent to a tenant's own provider ---
    /**
     * {@value #FEDERATION}: binds a sign-in sent to a tenant's provider to this browser (the table
     * keeps its SHA-256 beside the state). SameSite=Lax, unlike the sign-in's: the provider's answer
     * comes back as another site's top-level GET, which Strict would leave without it. Ten minutes.
     */
    public static final String FEDERATION = "oid_federation";

    public Optional<String> federation(Map<String, Cookie> sent) {
        return Optional.ofNullable(sent.get(prefixed(FEDERATION))).map(Cookie::getValue);
    }

    public String federation(String value) {
        return prefixed(FEDERATION) + "=" + value + attributes + "; Max-Age=" + SIGN_IN_MAX_AGE_SECONDS + "; SameSite=Lax";
    }

    public String clearFederation() {
        return prefixed(FEDERATION) + "=" + attributes + "; Max-Age=0; SameSite=Lax";
    }

    /** The value of the session cookie among a response's Set-Cookie headers (a sign-in just completed); empty when it sets none. */
    public Optional<String> sessionSet(List<Object> setCookies) {
        String prefix = sessionName + "=";
        return setCookies.stream().map(Object::toString).filter(cookie -> cookie.startsWith(prefix))
                .map(cookie -> cookie.substring(prefix.length(), cookie.indexOf(';') < 0 ? cookie.length() : cookie.indexOf(';')))
                .filter(value -> !value.isEmpty()).findFirst();
    }

    /** A name as this issuer writes it: with the __Host- prefix under https, as the fields above are. */
    private String prefixed(String name) {
        return sessionName.startsWith(HOST_PREFIX) ? HOST_PREFIX + name : name;
    }
    // --- end of issue 18, federation ---

    /** @param tag a supported language's tag: nothing the request sent is written into the header */
    public String language(String tag) {
        return languageName + "=" + tag + attributes + "; Max-Age=" + LANGUAGE_MAX_AGE_SECONDS + "; SameSite=Lax";
    }
}
