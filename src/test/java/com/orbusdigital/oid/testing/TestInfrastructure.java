package com.orbusdigital.oid.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the real PostgreSQL and Kafka broker of the integration tests before any test class runs
 * (and so before Arquillian reads arquillian.xml and starts Tomcat), and publishes what Tomcat must
 * be told as {@code oid.it.*} system properties. Registered through META-INF/services; does nothing
 * in the unit-test run.
 */
public final class TestInfrastructure implements LauncherSessionListener {

    public static final String AUDIENCE = "ods-it";
    public static final String TOPIC = "oid.events.it";
    public static final int ACCESS_TOKEN_TTL_SECONDS = 900;
    public static final String BOOTSTRAP_CLIENT_ID = "it-platform-admin";
    public static final String BOOTSTRAP_CLIENT_SECRET = "it-bootstrap-secret-0123456789abcdefghij";

    private static volatile TestPostgres postgres;
    private static volatile TestKafka kafka;
    private static volatile TestMail mail;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (!Boolean.getBoolean("oid.it")) {
            return;
        }
        try {
            postgres = TestPostgres.start(Integer.getInteger("oid.it.postgres.port"));
            kafka = new TestKafka(Integer.getInteger("oid.it.kafka.port"));
            mail = new TestMail(Integer.getInteger("oid.it.smtp.port")); // issue 17, email
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("integration test infrastructure did not start", e);
        }
        System.setProperty("oid.it.database.url", postgres.databaseUrl());
        System.setProperty("oid.it.issuer", "http://127.0.0.1:" + Integer.getInteger("tomcat.http.port"));
        System.setProperty("oid.it.audience", AUDIENCE);
        System.setProperty("oid.it.access.ttl", Integer.toString(ACCESS_TOKEN_TTL_SECONDS));
        System.setProperty("oid.it.kafka.brokers", kafka.bootstrapServers());
        System.setProperty("oid.it.kafka.topic", TOPIC);
        System.setProperty("oid.it.bootstrap.id", BOOTSTRAP_CLIENT_ID);
        System.setProperty("oid.it.bootstrap.secret", BOOTSTRAP_CLIENT_SECRET);
        System.setProperty("oid.it.smtp.url", mail.url());
        System.setProperty("oid.it.smtp.from", TestMail.FROM);
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        try {
            if (mail != null) {
                mail.close();
            }
            if (kafka != null) {
                kafka.close();
            }
            if (postgres != null) {
                postgres.close();
            }
        } catch (Exception e) {
            System.err.println("TestInfrastructure: stopping failed: " + e);
        }
    }

    /** The PostgreSQL behind the Arquillian Tomcat. */
    public static TestPostgres postgres() {
        return postgres;
    }

    /** The SMTP server (GreenMail) of the Arquillian Tomcat's OID_SMTP_URL (issue 17). */
    public static TestMail mail() {
        return mail;
    }

    /** The Kafka broker behind the Arquillian Tomcat. */
    public static TestKafka kafka() {
        return kafka;
    }
}
