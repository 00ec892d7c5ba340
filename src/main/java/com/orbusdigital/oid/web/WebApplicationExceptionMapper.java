package com.orbusdigital.oid.web;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * JAX-RS's own errors (unknown path, wrong method, unacceptable media type) keep their status and
 * get a problem document instead of an empty body or a container error page.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        Response.StatusType status = original.getStatusInfo();
        String detail = switch (status.getStatusCode()) {
            case 404 -> "No resource at this path.";
            case 405 -> "This method is not allowed here.";
            case 406 -> "None of the accepted media types can be produced.";
            case 415 -> "This media type is not accepted here.";
            default -> status.getReasonPhrase();
        };
        Response.ResponseBuilder response = Response.fromResponse(Problem.of(status, detail).toResponse());
        if (exception instanceof NotAllowedException) {
            response.allow(original.getAllowedMethods());
        }
        return response.build();
    }
}
