package com.orbusdigital.oid.web.page;

import com.orbusdigital.oid.web.NoStore;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Responses to a browser: pages and redirects, never cached, never framed (clickjacking on a login
 * form), with a Content-Security-Policy that allows nothing but OID's own stylesheet. Forms may
 * post only to OID ({@code form-action 'self'}), and since browsers apply form-action to the
 * redirect that follows a post too, a form's page also allows the origin its post may redirect to
 * (the client's redirect URI for the login form); a page without a form allows no form at all.
 */
public final class HtmlResponse {

    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'; form-action ";
    // --- issue 16, passkeys: the pages that run OID's own script ---
    /**
     * The same, but for OID's own scripts ({@code /assets/*.js}, never inline: no 'unsafe-inline',
     * no nonce) and their calls back to OID (the passkey options): the login page and the passkey steps.
     */
    static final String SCRIPTED_CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'; form-action ";

    /** {@link #form}, for a page that runs OID's own script. */
    public static Response scriptedForm(int status, String html, Optional<String> redirectTarget, List<String> cookies) {
        Response.ResponseBuilder response = Response.status(status).type(HTML).entity(html);
        NoStore.apply(response);
        headers(response, SCRIPTED_CONTENT_SECURITY_POLICY + formAction(redirectTarget));
        cookies.forEach(cookie -> response.header("Set-Cookie", cookie));
        return response.build();
    }
    // --- end of issue 16, passkeys ---

    // --- issue 18, response_mode=form_post ---
    /**
     * The form_post page (Form Post Response Mode §2): OID's own script, which submits it, and a form
     * that may post to the client's redirect URI's origin and nowhere else — not even OID. Never
     * cached (it holds a code) and, as every page, no Referer.
     */
    public static Response formPost(String html, String redirectUri, List<String> cookies) {
        Response.ResponseBuilder response = Response.ok().type(HTML).entity(html);
        NoStore.apply(response);
        headers(response, FORM_POST_CONTENT_SECURITY_POLICY + source(redirectUri).orElse("'none'"));
        cookies.forEach(cookie -> response.header("Set-Cookie", cookie));
        return response.build();
    }

    static final String FORM_POST_CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'; form-action ";
    // --- end of issue 18, response_mode=form_post ---
    // --- issue 18, federation ---
    /**
     * {@link #scriptedForm} for the login page when its tenant has providers: its posts ("Continue
     * with …", an address whose domain a provider claims) may be answered with a redirect to one of
     * them, which form-action must allow as it allows the client's redirect URI.
     */
    public static Response scriptedForm(int status, String html, Optional<String> redirectTarget, List<String> otherTargets,
                                        List<String> cookies) {
        Response.ResponseBuilder response = Response.status(status).type(HTML).entity(html);
        NoStore.apply(response);
        StringBuilder formAction = new StringBuilder(formAction(redirectTarget));
        otherTargets.stream().map(HtmlResponse::source).flatMap(Optional::stream).distinct()
                .forEach(source -> formAction.append(' ').append(source));
        headers(response, SCRIPTED_CONTENT_SECURITY_POLICY + formAction);
        cookies.forEach(cookie -> response.header("Set-Cookie", cookie));
        return response.build();
    }
    // --- end of issue 18, federation ---

    /** A host a CSP host-source can name; an IPv6 literal cannot be (CSP3's grammar has no brackets). */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+");
    private static final MediaType HTML = MediaType.valueOf("text/html; charset=UTF-8");

    private HtmlResponse() {}

    /** A page without a form. */
    public static Response page(int status, String html, List<String> cookies) {
        return page(status, html, "'none'", cookies);
    }

    /**
     * A page whose form posts to OID, and whose post may be answered with a redirect to
     * {@code redirectTarget} (a URI, or empty when the answer stays on OID).
     */
    public static Response form(int status, String html, Optional<String> redirectTarget, List<String> cookies) {
        return page(status, html, formAction(redirectTarget), cookies);
    }

    private static String formAction(Optional<String> redirectTarget) {
        return "'self'" + redirectTarget.flatMap(HtmlResponse::source).map(source -> " " + source).orElse("");
    }

    private static Response page(int status, String html, String formAction, List<String> cookies) {
        Response.ResponseBuilder response = secured(Response.status(status).type(HTML).entity(html), formAction);
        cookies.forEach(cookie -> response.header("Set-Cookie", cookie));
        return response.build();
    }

    /** 302 for a GET (RFC 6749 §4.1.2 example), 303 after a POST, so the browser follows with a GET. */
    public static Response redirect(URI location, boolean afterPost, List<String> cookies) {
        Response.ResponseBuilder response = secured(Response.status(afterPost ? 303 : 302).location(location), "'none'");
        cookies.forEach(cookie -> response.header("Set-Cookie", cookie));
        return response.build();
    }

    /**
     * The CSP source for a redirect URI: its origin, or its scheme alone for a private-use scheme
     * ({@code com.example.app:}) or a host CSP cannot name ({@code http:} for {@code http://[::1]}).
     */
    static Optional<String> source(String redirectUri) {
        URI uri;
        try {
            uri = new URI(redirectUri);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (uri.getScheme() == null) {
            return Optional.empty();
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !HOST.matcher(uri.getHost()).matches()) {
            return Optional.of(scheme + ":");
        }
        return Optional.of(scheme + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
    }

    private static Response.ResponseBuilder secured(Response.ResponseBuilder response, String formAction) {
        return headers(NoStore.apply(response), CONTENT_SECURITY_POLICY + formAction);
    }

    private static Response.ResponseBuilder headers(Response.ResponseBuilder response, String contentSecurityPolicy) {
        return response
                .header("Content-Security-Policy", contentSecurityPolicy)
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
    }
}
