package com.orbusdigital.oid.web;

import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.protocol.OAuthException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/**
 * Refuses a request with more than one Authorization header, at every endpoint, before any of them
 * reads it. Endpoints read the header as one value, so the first would count and the others be
 * ignored; a proxy in front may have judged another one. Authorization is not a list header (RFC 9110
 * §5.3, §11.6.2): two of them are a malformed request. Refused in each API's words: RFC 6749
 * {@code invalid_request}, at userinfo with its Bearer challenge (RFC 6750 §3.1), on the admin API
 * a 400 problem document and in a browser a page ({@link com.orbusdigital.oid.web.OAuthExceptionMapper}
 * writes each by the endpoint's kind). After matching, so that the kind is known; before any
 * authentication filter, so that none reads the header first.
 */
@Provider
@Priority(Priorities.AUTHENTICATION - 100)
public class RepeatedAuthorization implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        List<String> values = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (values != null && values.size() > 1) {
            String description = "send one Authorization header, not " + values.size();
            throw request.getUriInfo().getPath().startsWith("userinfo")
                    ? OAuthException.bearer(OAuthError.INVALID_REQUEST, description)
                    : OAuthException.invalidRequest(description);
        }
    }
}
