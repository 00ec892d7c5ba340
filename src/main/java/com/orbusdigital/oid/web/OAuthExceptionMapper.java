package com.orbusdigital.oid.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.protocol.OAuthException;
import com.orbusdigital.oid.web.page.ErrorPages;
import com.orbusdigital.oid.web.page.Message;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * Writes an {@link OAuthException} as RFC 6749 §5.2 error JSON; where the endpoint's kind is
 * another ({@link EndpointKind}), in that kind's format: a problem document on the admin API, a
 * page in a browser (where a shared check, such as the one Authorization header, refused it).
 */
@Provider
public class OAuthExceptionMapper implements ExceptionMapper<OAuthException> {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorBody(String error, @JsonProperty("error_description") String errorDescription) {}

    @Context
    private ResourceInfo resourceInfo;

    @Context
    private HttpServletRequest request;

    @Override
    public Response toResponse(OAuthException exception) {
        return switch (EndpointKind.of(resourceInfo)) {
            case ADMIN -> {
                Response.ResponseBuilder problem = Response.fromResponse(Problem.of(
                        Response.Status.fromStatusCode(exception.error().status()), exception.description()).toResponse());
                yield NoStore.apply(retryAfter(problem, exception)).build();
            }
            case BROWSER -> ErrorPages.page(exception.error().status(), Message.of("request.error.title"),
                    Message.of("authorize.error.malformed", exception.description()), ErrorPages.pageRequest(request), Optional.empty());
            default -> json(exception);
        };
    }

    /** The error JSON, whoever asks: also the catch-all mapper's words to a client. */
    public static Response json(OAuthException exception) {
        Response.ResponseBuilder response = Response.status(exception.error().status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(exception.error().code(), exception.description()));
        exception.challenge().ifPresent(challenge -> response.header(HttpHeaders.WWW_AUTHENTICATE, challenge));
        return NoStore.apply(retryAfter(response, exception)).build();
    }

    private static Response.ResponseBuilder retryAfter(Response.ResponseBuilder response, OAuthException exception) {
        return exception.error() == OAuthError.TEMPORARILY_UNAVAILABLE ? response.header(HttpHeaders.RETRY_AFTER, "5") : response;
    }
}
