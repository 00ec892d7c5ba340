package com.orbusdigital.oid.app;

import com.fasterxml.jackson.core.util.BufferRecyclers;
import com.orbusdigital.oid.config.ConfigException;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.event.EventPublisher;
import com.orbusdigital.oid.logging.LogOutput;
import com.orbusdigital.oid.logging.RequestIdFilter;
import com.orbusdigital.oid.metrics.HttpMetricsFilter;
import com.orbusdigital.oid.metrics.Metrics;
import com.orbusdigital.oid.persistence.DatabaseStartup;
import com.orbusdigital.oid.user.Passwords;
import com.orbusdigital.oid.ratelimit.RateLimitFilter;
import com.orbusdigital.oid.web.Cors;
import com.orbusdigital.oid.web.SecurityHeadersFilter;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up and shut-down of the webapp, after Weld has booted: read and validate the configuration
 * (a bad setting stops the deployment with one line naming the variable), then start the database
 * work in the background so OID deploys whether or not PostgreSQL is up.
 */
public class OidLifecycle implements ServletContextListener {

    private static final Logger LOG = LoggerFactory.getLogger(OidLifecycle.class);
    /** Held so JUL does not collect the configured loggers and forget their levels. */
    private java.util.logging.Logger oidLogger;
    private java.util.logging.Logger sqlExceptionLogger;
    private LogOutput logOutput;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        // before Jackson's first buffer (BufferRecyclers reads it once): see contextDestroyed
        System.setProperty(BufferRecyclers.SYSTEM_PROPERTY_TRACK_REUSABLE_BUFFERS, "true");
        OidConfig config;
        try {
            config = CDI.current().select(OidConfig.class).get();
        } catch (RuntimeException failure) {
            ConfigException configProblem = findConfigException(failure);
            if (configProblem == null) {
                throw failure;
            }
            LOG.error("OID cannot start: {}", configProblem.getMessage());
            throw configProblem;
        }
        logOutput = LogOutput.install(config.observability().logFormat());
        oidLogger = java.util.logging.Logger.getLogger("com.orbusdigital.oid");
        oidLogger.setLevel(config.logLevel());
        // OID reports database failures itself (start-up retries, 503 answers); Hibernate's own
        // per-statement copy of each one only repeats them
        sqlExceptionLogger = java.util.logging.Logger.getLogger("org.hibernate.engine.jdbc.spi.SqlExceptionHelper");
        sqlExceptionLogger.setLevel(Level.OFF);
        LOG.info("OID starting: issuer {}, audience {}, access tokens live {}s, database {}, environment {}",
                config.issuer(), config.audience(), config.accessTokenTtl().toSeconds(),
                config.database().url().map(Object::toString).orElse("java:comp/env/jdbc/oid"),
                config.environment().orElse("(ODS_ENV unset)"));
        if (config.observability().metricsToken().isEmpty() && config.isProduction()) {
            LOG.warn("/metrics is open: set OID_METRICS_TOKEN, or keep /metrics from the public internet at the proxy");
        }
        // before any filter of web.xml, in this order: timing and the request id cover everything,
        // the security headers reach CORS refusals too
        HttpMetricsFilter.register(event.getServletContext(), CDI.current().select(Metrics.class).get());
        RequestIdFilter.register(event.getServletContext());
        SecurityHeadersFilter.register(event.getServletContext(), config);
        Cors.register(event.getServletContext(), config);
        CDI.current().select(EventPublisher.class).get().dropped(); // create it now: connection problems show at start
        CDI.current().select(Passwords.class).get().hasher(); // create it now: the log says which Argon2 hashes
        CDI.current().select(DatabaseStartup.class).get().start();
        RateLimitFilter.register(event.getServletContext(), config);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        // Weld closes the beans (pool, Kafka producer, background threads); the JDBC driver this
        // webapp registered is ours to deregister, or it would pin the webapp's class loader
        ClassLoader webapp = Thread.currentThread().getContextClassLoader();
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == webapp) {
                try {
                    DriverManager.deregisterDriver(driver);
                } catch (SQLException e) {
                    LOG.debug("Could not deregister {}", driver.getClass().getName(), e);
                }
            }
        }
        // Jackson keeps a buffer per thread in a ThreadLocal (a SoftReference to a BufferRecycler of
        // ours) on each of Tomcat's request threads that wrote JSON; an idle thread kept it, and so this
        // class loader, until memory ran short. Clearing the references it tracked releases them all.
        BufferRecyclers.releaseBuffers();
        if (oidLogger != null) {
            oidLogger.setLevel((Level) null);
        }
        if (logOutput != null) {
            logOutput.uninstall();
        }
    }

    private static ConfigException findConfigException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigException config) {
                return config;
            }
        }
        return null;
    }
}
