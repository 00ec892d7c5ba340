package com.orbusdigital.oid.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.orbusdigital.oid.testing.Fixtures.TestClient;
import com.orbusdigital.oid.testing.Fixtures;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.TestInfrastructure;
import com.orbusdigital.oid.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Issuing a token publishes oid.token.issued as a CloudEvent on the real Kafka broker. */
@OidIT
class TokenEventsIT {

    private RunningOid oid;

    @Test
    void aTokenIssuedBecomesACloudEventKeyedByTenantWithoutTheToken() throws Exception {
        Fixtures fixtures = oid.fixtures();
        UUID tenant = fixtures.tenant("ev-" + UUID.randomUUID().toString().substring(0, 8), true);
        TestClient client = fixtures.confidentialClient(tenant, List.of("client_credentials"), List.of());

        Http.Response response = Http.postForm(oid.resolve("token"), "grant_type=client_credentials",
                "Authorization", Http.basic(client.clientId(), client.secret()));
        assertThat(response.status()).isEqualTo(200);
        String accessToken = response.json().path("access_token").asText();
        String jti = new ObjectMapper().readTree(java.util.Base64.getUrlDecoder().decode(accessToken.split("\\.")[1])).path("jti").asText();

        ConsumerRecord<String, String> event = awaitEvent(tenant.toString(), "oid.token.issued");

        assertThat(event.key()).isEqualTo(tenant.toString());
        assertThat(new String(event.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                .startsWith("application/cloudevents+json");
        JsonNode cloudEvent = new ObjectMapper().readTree(event.value());
        assertThat(cloudEvent.path("specversion").asText()).isEqualTo("1.0");
        assertThat(cloudEvent.path("source").asText()).isEqualTo(System.getProperty("oid.it.issuer"));
        assertThat(cloudEvent.path("id").asText()).isNotBlank();
        assertThat(cloudEvent.path("time").asText()).isNotBlank();
        JsonNode data = cloudEvent.path("data");
        assertThat(data.path("tenant_id").asText()).isEqualTo(tenant.toString());
        assertThat(data.path("client_id").asText()).isEqualTo(client.clientId());
        assertThat(data.path("grant_type").asText()).isEqualTo("client_credentials");
        assertThat(data.path("jti").asText()).isEqualTo(jti);
        assertThat(event.value()).doesNotContain(accessToken).doesNotContain(accessToken.split("\\.")[2]).doesNotContain(client.secret());
    }

    @Test
    void aBrokerOutageNeitherBlocksNorFailsTokenRequestsAndTheEventFollowsLater() throws Exception {
        Fixtures fixtures = oid.fixtures();
        UUID tenant = fixtures.tenant("evo-" + UUID.randomUUID().toString().substring(0, 8), true);
        TestClient client = fixtures.confidentialClient(tenant, List.of("client_credentials"), List.of());

        TestInfrastructure.kafka().stop();
        try {
            long started = System.nanoTime();
            Http.Response response = Http.postForm(oid.resolve("token"), "grant_type=client_credentials",
                    "Authorization", Http.basic(client.clientId(), client.secret()));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(response.status()).isEqualTo(200);
            // well below the producer's metadata wait (max.block.ms, 60 s): nothing waited for the broker
            assertThat(tookMillis).isLessThan(20_000);
        } finally {
            TestInfrastructure.kafka().start();
        }
        assertThat(awaitEvent(tenant.toString(), "oid.token.issued").key()).isEqualTo(tenant.toString());
    }

    private static ConsumerRecord<String, String> awaitEvent(String key, String type) {
        List<ConsumerRecord<String, String>> records = TopicReader.read(
                record -> key.equals(record.key()) && record.value().contains("\"type\":\"" + type + "\""), 1);
        if (records.isEmpty()) {
            throw new AssertionError("no " + type + " event for " + key);
        }
        return records.get(0);
    }
}
