package com.orbusdigital.oid.event;

import static com.orbusdigital.oid.testing.OutboxRows.awaitAllPublished;
import static com.orbusdigital.oid.testing.OutboxRows.consumeDistinct;
import static com.orbusdigital.oid.testing.OutboxRows.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.MetricsScrape;
import com.orbusdigital.oid.testing.OutboxRows.Row;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestKafka;
import com.orbusdigital.oid.testing.TestPostgres;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The real broker stopped while OID serves: token requests and admin changes keep succeeding,
 * readiness stays up, {@code oid_outbox_backlog} rises to exactly the events of the changes made
 * meanwhile, and once the broker is back it drains to 0 and every one of them arrives, each
 * tenant's in order.
 * (The broker down from OID's start, and OID restarting meanwhile: {@link IdentityEventOutboxIT}.)
 */
class KafkaOutageIT {

    private static final String TOPIC = "oid.events.outage-it";
    private static final String CLIENT_ID = "outage-admin";
    private static final String SECRET = "outage-bootstrap-secret-0123456789abcdef";
    private static final String BACKLOG = "oid_outbox_backlog";

    @Test
    void aBrokerOutageChangesNothingForClientsAndItsBacklogShowsAndDrains() throws Exception {
        try (TestPostgres postgres = TestPostgres.start(StandaloneTomcat.freePort());
             TestKafka kafka = new TestKafka(StandaloneTomcat.freePort())) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(60, TimeUnit.SECONDS);
            }
            try (StandaloneTomcat tomcat = StandaloneTomcat.startOid("kafka-outage", Map.of(
                    "DATABASE_URL", postgres.databaseUrl(),
                    "REDPANDA_BROKERS", kafka.bootstrapServers(),
                    "REDPANDA_TOPIC", TOPIC,
                    "OID_BOOTSTRAP_CLIENT_ID", CLIENT_ID,
                    "OID_BOOTSTRAP_CLIENT_SECRET", SECRET))) {
                URI base = tomcat.base();
                awaitBacklog(base, backlog -> backlog == 0); // the bootstrap's events went out
                long lastBefore = rows(postgres).get(rows(postgres).size() - 1).id();

                kafka.stop();
                AdminClient admin = AdminClient.withToken(base, AdminClient.clientCredentialsToken(base, CLIENT_ID, SECRET));
                for (String slug : List.of("outage-a", "outage-b", "outage-c")) {
                    assertThat(admin.post("admin/tenants", "{\"slug\":\"" + slug + "\",\"name\":\"During the outage\"}").status())
                            .isEqualTo(201);
                    assertThat(admin.post("admin/tenants/" + slug + "/roles", "{\"name\":\"reader\"}").status()).isEqualTo(201);
                    assertThat(Http.postForm(base.resolve("token"), "grant_type=client_credentials",
                            "Authorization", Http.basic(CLIENT_ID, SECRET)).status()).isEqualTo(200);
                    assertThat(Http.get(base.resolve("health/ready")).status()).isEqualTo(200);
                }
                List<Row> duringOutage = rows(postgres).stream().filter(row -> row.id() > lastBefore).toList();
                assertThat(duringOutage).hasSizeGreaterThanOrEqualTo(6).noneMatch(Row::published);
                awaitBacklog(base, backlog -> backlog == duringOutage.size());
                assertThat(Http.get(base.resolve("health/ready")).status()).isEqualTo(200);

                kafka.start();
                awaitBacklog(base, backlog -> backlog == 0);
                awaitAllPublished(postgres);
                List<Row> all = rows(postgres);
                Map<String, ConsumerRecord<String, String>> received = consumeDistinct(kafka, TOPIC, all.size());
                assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(all.stream().map(Row::eventId).toList());
                // one partition per tenant (the record key): each tenant's events in outbox order
                for (String tenant : all.stream().map(Row::tenantId).distinct().toList()) {
                    assertThat(received.values().stream().filter(record -> record.key().equals(tenant)).map(ConsumerRecord::value).toList())
                            .as("events of tenant %s", tenant)
                            .containsExactlyElementsOf(all.stream().filter(row -> row.tenantId().equals(tenant)).map(Row::payload).toList());
                }
                for (Row row : duringOutage) {
                    assertThat(received.get(row.eventId()).value()).isEqualTo(row.payload());
                }
            }
        }
    }

    /** Polls /metrics until the backlog gauge satisfies {@code expected} (it is refreshed every 5 s). */
    private static void awaitBacklog(URI base, DoublePredicate expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        double last = Double.NaN;
        while (System.nanoTime() < deadline) {
            last = MetricsScrape.of(base, null).value(BACKLOG).orElse(Double.NaN);
            if (expected.test(last)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("oid_outbox_backlog stayed at " + last);
    }
}
