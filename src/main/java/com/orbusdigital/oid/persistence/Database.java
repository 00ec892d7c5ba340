package com.orbusdigital.oid.persistence;

import com.orbusdigital.oid.config.ContainerDataSource;
import com.orbusdigital.oid.config.DatabaseUrl;
import com.orbusdigital.oid.config.OidConfig;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.hibernate.jpa.HibernatePersistenceProvider;

/**
 * The connection pool and the JPA EntityManagerFactory. Both are built without touching
 * PostgreSQL, so OID deploys while the database is down and heals when it comes back.
 */
@ApplicationScoped
public class Database {

    /** How long a statement may wait for PostgreSQL's answer before its connection counts as lost. */
    public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

    private DataSource dataSource;
    private HikariDataSource ownPool;
    private EntityManagerFactory entityManagerFactory;
    private String schema;
    private String address;

    protected Database() {
        // for the CDI proxy
    }

    @Inject
    public Database(OidConfig config, MeterRegistry metrics) {
        OidConfig.Database settings = config.database();
        this.schema = settings.schema();
        var container = ContainerDataSource.lookup();
        if (container.isPresent()) {
            this.dataSource = container.get();
            this.address = ContainerDataSource.JNDI_NAME;
        } else {
            DatabaseUrl url = settings.url().orElseThrow();
            this.ownPool = pool(url, settings);
            // hikaricp_connections_{active,idle,pending,max,…}{pool="oid"}: only our own pool, a container's is the container's to report
            ownPool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
            this.dataSource = ownPool;
            this.address = url.address();
        }
        this.entityManagerFactory = entityManagerFactory(Map.of(
                "jakarta.persistence.nonJtaDataSource", dataSource,
                "hibernate.default_schema", schema,
                // only our own pool hands out connections already in manual-commit mode; a
                // container pool may not, and Hibernate must then switch auto-commit off itself
                "hibernate.connection.provider_disables_autocommit", Boolean.toString(ownPool != null)));
    }

    /**
     * By Hibernate's provider itself: Persistence.createEntityManagerFactory would ask every JPA
     * provider the server makes visible, and a full Jakarta EE server's own (its Hibernate, or
     * EclipseLink) may answer first, with classes OID's code cannot use.
     */
    static EntityManagerFactory entityManagerFactory(Map<String, Object> properties) {
        EntityManagerFactory factory = new HibernatePersistenceProvider().createEntityManagerFactory("oid", properties);
        if (factory == null) {
            throw new IllegalStateException("no persistence unit \"oid\" for Hibernate in META-INF/persistence.xml");
        }
        return factory;
    }

    private static HikariDataSource pool(DatabaseUrl url, OidConfig.Database settings) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("oid");
        // named explicitly: DriverManager does not see drivers of a webapp class loader
        hikari.setDriverClassName("org.postgresql.Driver");
        hikari.setJdbcUrl(url.jdbcUrl());
        hikari.setDataSourceProperties(url.toDriverProperties());
        hikari.setMaximumPoolSize(settings.poolSize());
        hikari.setMinimumIdle(Math.min(2, settings.poolSize()));
        // a request waits this long for a connection, then fails fast with 503 instead of piling up threads
        hikari.setConnectionTimeout(settings.poolTimeout().toMillis());
        hikari.setValidationTimeout(Math.min(settings.poolTimeout().toMillis(), 1000));
        // start even when PostgreSQL is down: connections are made once it is reachable
        hikari.setInitializationFailTimeout(-1);
        // Hibernate manages transactions; connections come out of the pool already in manual-commit mode
        hikari.setAutoCommit(false);
        if (!url.driverProperties().containsKey("connectTimeout")) {
            hikari.addDataSourceProperty("connectTimeout", "5");
        }
        // A PostgreSQL that stops closes its connections and a request fails at once; one that freezes
        // or vanishes without closing them (host down, network cut) leaves a statement waiting until
        // TCP gives up, many minutes later, holding the request's thread and connection. No statement
        // OID runs for a request waits this long, row-lock waits included; migrations are exempt
        // (DatabaseStartup), and a jdbc: DATABASE_URL may set its own.
        hikari.addDataSourceProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
        hikari.addDataSourceProperty("ApplicationName", "oid");
        // PostgreSQL's error details repeat row values ("Failing row contains …"): keep them out of exceptions and logs
        hikari.addDataSourceProperty("logServerErrorDetail", "false");
        return new HikariDataSource(hikari);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public EntityManagerFactory entityManagerFactory() {
        return entityManagerFactory;
    }

    /** The schema holding OID's tables. */
    public String schema() {
        return schema;
    }

    /** Where the database is, safe to log: host:port, or the JNDI name of the container's pool. */
    public String address() {
        return address;
    }

    /** Whether a connection can be had and answers now. */
    public void ping() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(1)) {
                throw new SQLException("connection is not valid");
            }
        }
    }

    @PreDestroy
    void close() {
        if (entityManagerFactory != null && entityManagerFactory.isOpen()) {
            entityManagerFactory.close();
        }
        if (ownPool != null) {
            ownPool.close();
        }
    }
}
