package com.orbusdigital.oid.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A real PostgreSQL 17 (zonky's embedded binaries) on a port and data directory chosen by the test,
 * with an application role that must give its password (scram), as in production. It can be
 * stopped and started again on the same port with its data, to test outages.
 */
public final class TestPostgres implements AutoCloseable {

    public static final String DATABASE = "ods";
    public static final String USER = "ods";
    /** Characters that must be percent-encoded in DATABASE_URL, so every test proves the decoding. */
    public static final String PASSWORD = "ods p@ss/w:rd%";

    private final int port;
    private final Path dataDir;
    private final Thread shutdownHook = new Thread(this::stopQuietly, "test-postgres-shutdown");
    private volatile EmbeddedPostgres server;

    private TestPostgres(int port, Path dataDir) {
        this.port = port;
        this.dataDir = dataDir.toAbsolutePath();
    }

    public static TestPostgres start(int port, Path dataDir) throws IOException, SQLException {
        TestPostgres postgres = new TestPostgres(port, dataDir);
        Runtime.getRuntime().addShutdownHook(postgres.shutdownHook);
        try {
            postgres.startServer();
            postgres.provision();
        } catch (IOException | SQLException | RuntimeException e) {
            postgres.close();
            throw e;
        }
        return postgres;
    }

    public static TestPostgres start(int port) throws IOException, SQLException {
        return start(port, Files.createTempDirectory("oid-it-pg-"));
    }

    /** postgres://ods:…@127.0.0.1:port/ods?search_path=oid, the runbook's form. */
    public String databaseUrl() {
        return "postgres://" + USER + ":" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8).replace("+", "%20")
                + "@127.0.0.1:" + port + "/" + DATABASE + "?search_path=oid";
    }

    public int port() {
        return port;
    }

    public synchronized void stop() throws IOException {
        EmbeddedPostgres running = server;
        if (running == null) {
            return;
        }
        server = null;
        running.close();
        if (Files.exists(dataDir.resolve("postmaster.pid"))) {
            throw new IllegalStateException("PostgreSQL did not stop: postmaster.pid is still there");
        }
    }

    public synchronized void startAgain() throws IOException {
        if (server == null) {
            startServer();
        }
    }

    /**
     * SIGSTOP to the server and every backend: a PostgreSQL that stops answering without closing
     * its connections, like a frozen host or a cut network. {@link #thaw} undoes it.
     */
    public synchronized void freeze() throws IOException {
        signal("STOP");
    }

    public synchronized void thaw() throws IOException {
        signal("CONT");
    }

    private void signal(String name) throws IOException {
        long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8).get(0).strip());
        List<String> command = new ArrayList<>(List.of("kill", "-" + name, Long.toString(postmaster)));
        ProcessHandle.of(postmaster).orElseThrow().descendants().forEach(backend -> command.add(Long.toString(backend.pid())));
        try {
            if (new ProcessBuilder(command).inheritIO().start().waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** A connection as the application role, search_path oid. */
    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        properties.setProperty("currentSchema", "oid");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, properties);
    }

    @Override
    public void close() throws IOException {
        try {
            stop();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // called from the hook itself
            }
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (IOException | RuntimeException e) {
            System.err.println("TestPostgres: stop failed: " + e);
        }
    }

    private synchronized void startServer() throws IOException {
        server = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                // keep the data across stop/start, and reuse an existing cluster
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("unix_socket_directories", "''")
                .setLocaleConfig("locale", "C")
                .setLocaleConfig("lc-messages", "C")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setDataDirectoryCustomizer(TestPostgres::requirePasswords)
                .start();
    }

    /** initdb trusts everyone; like a real server, only the superuser is trusted here. */
    private static void requirePasswords(File dataDir) {
        String hba = String.join("\n",
                "local all all trust",
                "host  all postgres 127.0.0.1/32 trust",
                "host  all all      127.0.0.1/32 scram-sha-256",
                "");
        try {
            Files.writeString(dataDir.toPath().resolve("pg_hba.conf"), hba, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Role ods with a password and database ods owned by it; OID's Flyway creates the schema itself. */
    private void provision() throws SQLException {
        Properties superuser = new Properties();
        superuser.setProperty("user", "postgres");
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", superuser);
             Statement statement = connection.createStatement()) {
            boolean exists;
            try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                query.setString(1, USER);
                try (ResultSet rows = query.executeQuery()) {
                    exists = rows.next();
                }
            }
            if (!exists) {
                statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD.replace("'", "''") + "'");
                statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            }
        }
    }
}
