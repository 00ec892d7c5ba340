package com.orbusdigital.oid.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.orbusdigital.oid.web.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/** Writes a {@link ProblemException} as application/problem+json, with per-field errors when there are any. */
@Provider
public class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Body(String type, String title, int status, String detail, Map<String, String> errors,
                       @JsonProperty("errors_not_listed") Integer errorsNotListed) {}

    @Override
    public Response toResponse(ProblemException problem) {
        Response.StatusType status = Response.Status.fromStatusCode(problem.status());
        String title = status == null ? "Error" : status.getReasonPhrase();
        Response.ResponseBuilder response = Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .header("Cache-Control", "no-store")
                .entity(new Body("about:blank", title, problem.status(), problem.detail(), problem.errors(),
                        problem.errorsNotListed() == 0 ? null : problem.errorsNotListed()));
        problem.challenge().ifPresent(challenge -> response.header("WWW-Authenticate", challenge));
        return response.build();
    }
}
