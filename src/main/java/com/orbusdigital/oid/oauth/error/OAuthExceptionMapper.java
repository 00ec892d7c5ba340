package com.orbusdigital.oid.oauth.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.orbusdigital.oid.web.NoStore;
import com.orbusdigital.oid.web.Problem;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Writes an {@link OAuthException} as RFC 6749 §5.2 error JSON. */
@Provider
public class OAuthExceptionMapper implements ExceptionMapper<OAuthException> {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorBody(String error, @JsonProperty("error_description") String errorDescription) {}

    @Context
    private UriInfo uriInfo;

    @Override
    public Response toResponse(OAuthException exception) {
        if (uriInfo != null && uriInfo.getPath().startsWith("admin")) {
            // the admin API speaks problem+json, also when a shared piece (the key ring) answers in OAuth terms
            Response.ResponseBuilder problem = Response.fromResponse(Problem.of(
                    Response.Status.fromStatusCode(exception.error().status()), exception.description()).toResponse());
            if (exception.error() == OAuthError.TEMPORARILY_UNAVAILABLE) {
                problem.header(HttpHeaders.RETRY_AFTER, "5");
            }
            return NoStore.apply(problem).build();
        }
        Response.ResponseBuilder response = Response.status(exception.error().status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(exception.error().code(), exception.description()));
        exception.challenge().ifPresent(challenge -> response.header(HttpHeaders.WWW_AUTHENTICATE, challenge));
        if (exception.error() == OAuthError.TEMPORARILY_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, "5");
        }
        return NoStore.apply(response).build();
    }
}
