package com.orbusdigital.oid.web.page;

import com.orbusdigital.oid.config.OidConfig;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one place a {@link BrowserError} becomes an answer: back to the client when the error may go
 * back (in the request's response mode, {@link AuthorizationResponse}: a redirect, 302 after a GET,
 * 303 after a POST so the browser follows with a GET, or the form_post page), else a 400 page in
 * the user's language.
 */
@Provider
public class BrowserErrorMapper implements ExceptionMapper<BrowserError> {

    @Context
    private HttpServletRequest request;

    private final Supplier<String> issuer;
    private volatile String knownIssuer;

    /** Jersey's: the issuer is read from the configuration at the first redirect, once CDI holds it. */
    public BrowserErrorMapper() {
        this.issuer = () -> CDI.current().select(OidConfig.class).get().issuer().value();
    }

    BrowserErrorMapper(String issuer, HttpServletRequest request) {
        this.issuer = () -> issuer;
        this.request = request;
    }

    @Override
    public Response toResponse(BrowserError error) {
        return answer(error, ErrorPages.pageRequest(request), request != null && "POST".equals(request.getMethod()), issuer());
    }

    /** The answer to {@code error} for a request asked by GET or by POST ({@code post}). */
    static Response answer(BrowserError error, PageRequest page, boolean post, String issuer) {
        if (error.returnTo().isPresent()) {
            // in the response mode the request asked for (issue 18: a form_post page, or the redirect)
            return new AuthorizationResponse(error.returnTo().get(), issuer).error(error.error(), error.description(), post, List.of(),
                    new AuthorizationResponse.Shown(page, error.tenantLanguage(), error.look()));
        }
        PageRequest shown = error.refusesAnAddress() ? page.repeating(Map.of()) : page;
        return ErrorPages.page(400, error.title(), error.message(), shown, error.tenantLanguage(), error.look());
    }

    /** Where an error that may go back to the client sends the browser in the query mode: its redirect URI with error, error_description, state and iss. */
    public static URI location(BrowserError error, String issuer) {
        BrowserError.ReturnTo returnTo = error.returnTo().orElseThrow(() -> new IllegalArgumentException("shown as a page: " + error));
        return new AuthorizationResponse(returnTo, issuer).errorLocation(error.error(), error.description());
    }

    private String issuer() {
        String known = knownIssuer;
        if (known == null) {
            known = issuer.get();
            knownIssuer = known;
        }
        return known;
    }
}
