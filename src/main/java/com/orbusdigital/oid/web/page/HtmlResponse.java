package com.orbusdigital.oid.web.page;

import com.orbusdigital.oid.web.NoStore;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/**
 * Responses to a browser: pages and redirects, never cached, never framed (clickjacking on a login
 * form), with a Content-Security-Policy that allows nothing but OID's own stylesheet. The policy
 * sets no {@code form-action}: browsers apply it to the redirect that follows a form post, and the
 * sign-in form's redirect goes to the client.
 */
public final class HtmlResponse {

    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'";
    private static final MediaType HTML = MediaType.valueOf("text/html; charset=UTF-8");

    private HtmlResponse() {}

    public static Response page(int status, String html, List<String> cookies) {
        Response.ResponseBuilder response = secured(Response.status(status).type(HTML).entity(html));
        cookies.forEach(cookie -> response.header("Set-Cookie", cookie));
        return response.build();
    }

    /** 302 for a GET (RFC 6749 §4.1.2 example), 303 after a POST, so the browser follows with a GET. */
    public static Response redirect(URI location, boolean afterPost, List<String> cookies) {
        Response.ResponseBuilder response = secured(Response.status(afterPost ? 303 : 302).location(location));
        cookies.forEach(cookie -> response.header("Set-Cookie", cookie));
        return response.build();
    }

    private static Response.ResponseBuilder secured(Response.ResponseBuilder response) {
        return NoStore.apply(response)
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
    }
}
