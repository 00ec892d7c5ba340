package com.orbusdigital.oid.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.orbusdigital.oid.persistence.Database;
import com.orbusdigital.oid.persistence.DatabaseFailures;
import com.orbusdigital.oid.persistence.DatabaseStartup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;

/** Liveness ({@code /health}, never touches the database) and readiness ({@code /health/ready}). */
@Path("/health")
@ApplicationScoped
public class HealthResource {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(String status, String reason) {}

    private static final Status UP = new Status("UP", null);

    private DatabaseStartup startup;
    private Database database;

    protected HealthResource() {
        // for the CDI proxy
    }

    @Inject
    public HealthResource(DatabaseStartup startup, Database database) {
        this.startup = startup;
        this.database = database;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response live() {
        return noStore(Response.ok(UP));
    }

    @GET
    @Path("ready")
    @Produces(MediaType.APPLICATION_JSON)
    public Response ready() {
        if (!startup.isReady()) {
            return down(startup.problem().orElse("starting"));
        }
        try {
            database.ping();
        } catch (SQLException | RuntimeException e) {
            return down("PostgreSQL at " + database.address() + " unavailable: " + DatabaseFailures.describe(e));
        }
        return noStore(Response.ok(UP));
    }

    private static Response down(String reason) {
        return noStore(Response.status(Response.Status.SERVICE_UNAVAILABLE).entity(new Status("DOWN", reason)));
    }

    private static Response noStore(Response.ResponseBuilder response) {
        return response.header("Cache-Control", "no-store").build();
    }
}
