package com.orbusdigital.oid.web;

import com.orbusdigital.oid.logging.RequestIds;
import com.orbusdigital.oid.password.PasswordHasher;
import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.protocol.OAuthException;
import com.orbusdigital.oid.web.page.ErrorPages;
import com.orbusdigital.oid.web.page.Message;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.hibernate.exception.JDBCConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last resort. A lost database, saturated password hashing or anything {@link Unavailable}
 * answers 503 (the client may retry); anything else is logged with the request's id and answered
 * with an opaque 500 carrying only that id — never a class name or a stack trace. Both in the
 * format of the endpoint's {@link EndpointKind}.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);

    @Context
    private UriInfo uriInfo;

    @Context
    private ResourceInfo resourceInfo;

    @Context
    private HttpServletRequest request;

    /**
     * During an outage every request answers 503: one warning line every few seconds, counting the
     * others, says as much as one per request without flooding the log. (Jersey keeps one instance of
     * a provider.)
     */
    private final Throttle overloadWarnings = new Throttle(Duration.ofSeconds(10), System::nanoTime);

    /** Lets one event through per period and counts the others. */
    static final class Throttle {
        private final long periodNanos;
        private final LongSupplier nanoTime;
        private final AtomicLong nextAt;
        private final AtomicLong suppressed = new AtomicLong();

        Throttle(Duration period, LongSupplier nanoTime) {
            this.periodNanos = period.toNanos();
            this.nanoTime = nanoTime;
            this.nextAt = new AtomicLong(nanoTime.getAsLong());
        }

        /** -1 when this event is to be suppressed; else how many were suppressed since the last one let through. */
        long suppressedSinceLastWarning() {
            long now = nanoTime.getAsLong();
            long at = nextAt.get();
            if (now - at >= 0 && nextAt.compareAndSet(at, now + periodNanos)) {
                return suppressed.getAndSet(0);
            }
            suppressed.incrementAndGet();
            return -1;
        }
    }

    @Override
    public Response toResponse(Throwable failure) {
        EndpointKind kind = EndpointKind.of(resourceInfo);
        boolean admin = kind == EndpointKind.ADMIN;
        boolean browser = kind == EndpointKind.BROWSER;
        boolean databaseUnavailable = isDatabaseUnavailable(failure);
        Optional<Unavailable> unavailable = unavailable(failure);
        if (databaseUnavailable || isHashingSaturated(failure) || unavailable.isPresent()) {
            long alsoRefused = overloadWarnings.suppressedSinceLastWarning();
            if (alsoRefused >= 0) {
                String also = alsoRefused == 0 ? "" : " (" + alsoRefused + " more request(s) answered 503 since the last such line)";
                if (databaseUnavailable) {
                    LOG.warn("Database unavailable while serving /{}: {}{}", path(), failure.getClass().getSimpleName(), also);
                } else if (unavailable.isPresent()) {
                    LOG.warn("Unavailable while serving /{}: {}{}", path(), unavailable.get().getMessage(), also);
                } else {
                    LOG.warn("Password hashing saturated while serving /{}: its queue full, or no slot within {}s{}", path(),
                            PasswordHasher.MAX_WAIT_SECONDS, also);
                }
            }
            if (browser) {
                return Response.fromResponse(page(503, Message.of("unavailable.title"), Message.of("unavailable.text")))
                        .header("Retry-After", "5").build();
            }
            String detail = databaseUnavailable ? "The database is temporarily unavailable; retry shortly."
                    : unavailable.map(Unavailable::getMessage).orElse("OID is busy; retry shortly.");
            return admin
                    ? Response.fromResponse(Problem.of(Response.Status.SERVICE_UNAVAILABLE, detail).toResponse()).header("Retry-After", "5").build()
                    : OAuthExceptionMapper.json(OAuthException.temporarilyUnavailable(detail));
        }
        if (admin && isUniqueViolation(failure)) {
            // two requests created the same thing at once; the loser learns it exactly as if it had come second
            return Problem.of(Response.Status.CONFLICT, "A concurrent request has just created the same thing.").toResponse();
        }
        // the request id: the same reference is in the access log and in every log line of the request
        String id = Objects.requireNonNullElseGet(RequestIds.current(), () -> UUID.randomUUID().toString());
        LOG.error("Unexpected failure {} while serving /{}", id, path(), failure);
        String detail = "An unexpected error occurred (reference " + id + ").";
        if (browser) {
            return page(500, Message.of("unexpected.title"), Message.of("unexpected.text", id));
        }
        return admin
                ? Problem.of(Response.Status.INTERNAL_SERVER_ERROR, detail).toResponse()
                : OAuthExceptionMapper.json(OAuthException.of(OAuthError.SERVER_ERROR, detail));
    }

    /** A person's browser gets a page, in the language its request chose. */
    private Response page(int status, Message title, Message message) {
        return ErrorPages.page(status, title, message, ErrorPages.pageRequest(request), Optional.empty());
    }

    private static Optional<Unavailable> unavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Unavailable reason) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }

    private String path() {
        return uriInfo == null ? "?" : uriInfo.getPath();
    }

    /** PostgreSQL's unique_violation (SQLSTATE 23505), however deep Hibernate wrapped it. */
    static boolean isUniqueViolation(Throwable failure) {
        return causedBy(failure, t -> t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState()));
    }

    /** Too many password hashes at once: a burst to wait out, like a lost database. */
    static boolean isHashingSaturated(Throwable failure) {
        return causedBy(failure, t -> t instanceof PasswordHasher.Busy);
    }

    /**
     * No connection to be had, or the one in hand lost: SQLSTATE class 08 (connection exception) and
     * 57P (PostgreSQL shutting down or starting: 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03
     * cannot_connect_now), which a pooled connection reports when PostgreSQL stops under it and
     * Hibernate does not count as a connection failure.
     */
    static boolean isDatabaseUnavailable(Throwable failure) {
        return causedBy(failure, t -> t instanceof SQLTransientConnectionException || t instanceof JDBCConnectionException
                || t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                        && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P")));
    }

    private static boolean causedBy(Throwable failure, Predicate<Throwable> kind) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (kind.test(t)) {
                return true;
            }
        }
        return false;
    }
}
