package com.orbusdigital.oid.event;

import static com.orbusdigital.oid.testing.OutboxRows.awaitAllPublished;
import static com.orbusdigital.oid.testing.OutboxRows.consumeDistinct;
import static com.orbusdigital.oid.testing.OutboxRows.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.orbusdigital.oid.client.ClientSecrets;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OutboxRows.Row;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestKafka;
import com.orbusdigital.oid.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The transactional outbox on the real Tomcat, PostgreSQL and Kafka, the broker down from the
 * start: a rolled-back change leaves no event; committed changes succeed and their events wait in
 * event_outbox, survive a restart of OID, and reach Kafka in order, keyed by tenant, once the
 * broker is back — and are then marked published.
 */
class IdentityEventOutboxIT {

    private static final String TOPIC = "oid.events.outbox-it";
    private static final String CLIENT_ID = "outbox-admin";
    private static final String SECRET = "outbox-bootstrap-secret-0123456789abcdef";
    private static final String ROTATED_SECRET = "outbox-rotated-secret-0123456789abcdefgh";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void changesSucceedWhileTheBrokerIsDownAndTheirEventsArriveInOrderOnceItIsBack() throws Exception {
        try (TestPostgres postgres = TestPostgres.start(StandaloneTomcat.freePort());
             TestKafka kafka = new TestKafka(StandaloneTomcat.freePort())) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(60, TimeUnit.SECONDS);
            }
            kafka.stop();

            // OID's own migrations, so the bootstrap client's id can be taken by another tenant
            // beforehand: the bootstrap then creates tenant platform and its roles, fires their
            // events, finds the conflict and rolls everything back — retrying until it is resolved
            Flyway.configure().dataSource("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + TestPostgres.DATABASE,
                            TestPostgres.USER, TestPostgres.PASSWORD)
                    .schemas("oid").createSchemas(true).locations("classpath:db/migration").load().migrate();
            UUID elsewhere = UUID.randomUUID();
            execute(postgres, "INSERT INTO tenants (id, slug, name) VALUES (?, 'elsewhere', 'Elsewhere')", elsewhere);
            execute(postgres, "INSERT INTO clients (id, tenant_id, client_id, name, type, secret_hash) VALUES (?, ?, ?, 'Squatter', 'confidential', ?)",
                    UUID.randomUUID(), elsewhere, CLIENT_ID, ClientSecrets.hash(ClientSecrets.generate()));

            // published events are kept 7 days, then deleted
            execute(postgres, OLD_EVENT, UUID.randomUUID(), elsewhere, "test.published_8_days_ago", "8 days", "8 days");
            execute(postgres, OLD_EVENT, UUID.randomUUID(), elsewhere, "test.published_6_days_ago", "6 days", "6 days");

            StandaloneTomcat tomcat = new StandaloneTomcat("outbox", Map.of(
                    "DATABASE_URL", postgres.databaseUrl(),
                    "REDPANDA_BROKERS", kafka.bootstrapServers(),
                    "REDPANDA_TOPIC", TOPIC,
                    "OID_BOOTSTRAP_CLIENT_ID", CLIENT_ID,
                    "OID_BOOTSTRAP_CLIENT_SECRET", SECRET));
            try (tomcat) {
                tomcat.environmentAlso("JWT_ISSUER", tomcat.issuer());
                tomcat.start();

                // a rolled-back change publishes nothing
                tomcat.awaitLog("already belongs to tenant elsewhere", Duration.ofSeconds(120));
                assertThat(count(postgres, "SELECT count(*) FROM tenants WHERE slug = 'platform'")).isZero();
                assertThat(rows(postgres)).isEmpty();
                execute(postgres, "DELETE FROM clients WHERE client_id = ?", CLIENT_ID);

                // (a) the broker is down, yet the bootstrap commits and tokens are issued
                Http.awaitReady(tomcat.base(), Duration.ofSeconds(120));
                assertTokenIssued(tomcat, SECRET);
                String hashBefore = secretHash(postgres);
                UUID platform = UUID.fromString(tenantId(postgres));
                List<Row> pending = rows(postgres);
                assertThat(pending).extracting(Row::type).containsExactly(
                        "oid.tenant.created", "oid.role.created", "oid.role.created", "oid.client.created", "oid.role.assigned");
                assertThat(pending).allSatisfy(row -> {
                    assertThat(row.published()).isFalse();
                    assertThat(row.tenantId()).isEqualTo(platform.toString());
                });
                // the rolled-back attempts had written their events: they used up outbox ids
                assertThat(pending.get(0).id()).isGreaterThan(1);

                awaitOldEventsTypes(postgres, List.of("test.published_6_days_ago"));

                // (b) a restart while the broker is still down loses nothing; the rotated secret adds an event
                tomcat.stop();
                int linesBeforeRestart = tomcat.logLines().size();
                tomcat.environmentAlso("OID_BOOTSTRAP_CLIENT_SECRET", ROTATED_SECRET);
                tomcat.start();
                Http.awaitReady(tomcat.base(), Duration.ofSeconds(120));
                assertTokenIssued(tomcat, ROTATED_SECRET);
                String hashAfter = secretHash(postgres);
                // the restarted relay counts what waits (5, or 6 if the bootstrap committed first)
                assertThat(tomcat.logLines().subList(linesBeforeRestart, tomcat.logLines().size()))
                        .filteredOn(line -> line.contains("Event outbox relay started"))
                        .singleElement().asString().containsPattern("started: [56] event\\(s\\) waiting");
                List<Row> afterRestart = rows(postgres);
                assertThat(afterRestart).hasSize(6);
                assertThat(afterRestart.subList(0, 5)).isEqualTo(pending);
                assertThat(afterRestart.get(5).type()).isEqualTo("oid.client.secret_rotated");
                assertThat(afterRestart).noneMatch(Row::published);

                // (c) once the broker is back, every event arrives, in order, exactly once by id
                kafka.start();
                Map<String, ConsumerRecord<String, String>> received = consumeDistinct(kafka, TOPIC, afterRestart.size());
                assertThat(received.keySet()).containsExactlyElementsOf(afterRestart.stream().map(Row::eventId).toList());
                for (Row row : afterRestart) {
                    ConsumerRecord<String, String> record = received.get(row.eventId());
                    assertThat(record.key()).isEqualTo(platform.toString());
                    assertThat(new String(record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                            .startsWith("application/cloudevents+json");
                    assertThat(record.value()).isEqualTo(row.payload());
                    JsonNode event = JSON.readTree(record.value());
                    assertThat(event.path("specversion").asText()).isEqualTo("1.0");
                    assertThat(event.path("id").asText()).isEqualTo(row.eventId());
                    assertThat(event.path("type").asText()).isEqualTo(row.type());
                    assertThat(event.path("source").asText()).isEqualTo(tomcat.issuer());
                    assertThat(event.path("tenantid").asText()).isEqualTo(platform.toString());
                    assertThat(event.path("data").path("tenant_id").asText()).isEqualTo(platform.toString());
                    assertThat(record.value()).doesNotContain(SECRET).doesNotContain(ROTATED_SECRET)
                            .doesNotContain(hashBefore).doesNotContain(hashAfter).doesNotContainIgnoringCase("hash");
                }
                JsonNode clientCreated = JSON.readTree(afterRestart.get(3).payload()).path("data");
                assertThat(clientCreated.path("client_id").asText()).isEqualTo(CLIENT_ID);
                assertThat(JSON.readTree(afterRestart.get(0).payload()).path("data").path("slug").asText()).isEqualTo("platform");

                awaitAllPublished(postgres);
                assertThat(String.join("\n", tomcat.logLines())).doesNotContain(SECRET).doesNotContain(ROTATED_SECRET);
            }
        }
    }

    private static void assertTokenIssued(StandaloneTomcat tomcat, String secret) {
        long started = System.nanoTime();
        Http.Response token = Http.postForm(tomcat.base().resolve("token"), "grant_type=client_credentials",
                "Authorization", Http.basic(CLIENT_ID, secret));
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        // the token event does not wait for the absent broker: waiting would take Kafka's max.block.ms (60 s);
        // the bound is loose because this is a cold JVM's first request on a busy machine
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    private static final String OLD_EVENT = "INSERT INTO event_outbox (event_id, tenant_id, type, payload, created_at, published_at)"
            + " VALUES (?, ?, ?, '{}', now() - CAST(? AS interval), now() - CAST(? AS interval))";

    private static void awaitOldEventsTypes(TestPostgres postgres, List<String> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<String> types = List.of();
        while (System.nanoTime() < deadline) {
            types = testRows(postgres);
            if (types.equals(expected)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("expected the outbox's old test rows to be " + expected + ", not " + types);
    }

    private static List<String> testRows(TestPostgres postgres) throws SQLException {
        List<String> types = new ArrayList<>();
        try (Connection connection = postgres.connect();
             PreparedStatement query = connection.prepareStatement("SELECT type FROM event_outbox WHERE type LIKE 'test.%' ORDER BY id");
             ResultSet result = query.executeQuery()) {
            while (result.next()) {
                types.add(result.getString(1));
            }
        }
        return types;
    }

    private static String secretHash(TestPostgres postgres) throws SQLException {
        return single(postgres, "SELECT secret_hash FROM clients WHERE client_id = ?", CLIENT_ID);
    }

    private static String tenantId(TestPostgres postgres) throws SQLException {
        return single(postgres, "SELECT id::text FROM tenants WHERE slug = ?", "platform");
    }

    private static long count(TestPostgres postgres, String sql) throws SQLException {
        return Long.parseLong(single(postgres, sql));
    }

    private static String single(TestPostgres postgres, String sql, Object... parameters) throws SQLException {
        try (Connection connection = postgres.connect(); PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = query.executeQuery()) {
                assertThat(result.next()).as(sql).isTrue();
                return result.getString(1);
            }
        }
    }

    private static void execute(TestPostgres postgres, String sql, Object... parameters) throws SQLException {
        try (Connection connection = postgres.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
