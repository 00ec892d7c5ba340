package com.orbusdigital.oid.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.TopicReader;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Every admin change becomes exactly its CloudEvent on the real broker, in order, keyed by tenant;
 * a rejected request produces none; no event carries a secret, password, hash or token.
 */
@OidIT
class AdminEventsIT {

    private static final String PASSWORD = "violet tractor mango lighthouse";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunningOid oid;

    @Test
    void eachChangePublishesItsEventInOrderAndRejectedOnesPublishNothing() throws Exception {
        URI base = oid.root();
        AdminClient admin = AdminClient.platformAdmin(base);

        String slug = admin.createTenant("events");
        String tenantId = admin.get("admin/tenants/" + slug).json().path("id").asText();
        String tenant = "admin/tenants/" + slug;
        assertThat(admin.post("admin/tenants", "{\"slug\":\"" + slug + "\",\"name\":\"again\"}").status()).isEqualTo(409);
        JsonNode client = admin.post(tenant + "/clients", "{\"name\":\"Svc\",\"type\":\"confidential\",\"grant_types\":[\"client_credentials\"]}").json();
        String clientId = client.path("client_id").asText();
        assertThat(admin.post(tenant + "/clients", "{\"name\":\"Bad\",\"type\":\"public\",\"grant_types\":[\"client_credentials\"]}").status()).isEqualTo(400);
        String rotatedSecret = admin.post(tenant + "/clients/" + clientId + "/secret", null).json().path("client_secret").asText();
        assertThat(admin.post(tenant + "/roles", "{\"name\":\"auditor\"}").status()).isEqualTo(201);
        assertThat(admin.put(tenant + "/clients/" + clientId + "/roles/auditor").status()).isEqualTo(204);
        assertThat(admin.put(tenant + "/clients/" + clientId + "/roles/auditor").status()).isEqualTo(204); // no change, no event
        JsonNode user = admin.post(tenant + "/users", "{\"username\":\"evelyn\",\"email\":\"evelyn@example.com\",\"password\":\"" + PASSWORD + "\"}").json();
        String userPath = tenant + "/users/" + user.path("id").asText();
        assertThat(admin.post(tenant + "/users", "{\"username\":\"EVELYN\"}").status()).isEqualTo(409);
        assertThat(admin.call("PUT", userPath + "/password", "{\"password\":\"password1\"}").status()).isEqualTo(400);
        assertThat(admin.call("PUT", userPath + "/password", "{\"password\":\"another violet tractor at dawn\"}").status()).isEqualTo(204);
        assertThat(admin.patch(userPath, "{\"enabled\":false}").status()).isEqualTo(200);
        assertThat(admin.put(userPath + "/roles/auditor").status()).isEqualTo(204);
        assertThat(admin.delete(tenant + "/clients/" + clientId).status()).isEqualTo(204);
        assertThat(admin.delete(userPath).status()).isEqualTo(204);
        assertThat(admin.delete(tenant + "/roles/auditor").status()).isEqualTo(204);

        List<String> expected = List.of(
                "oid.tenant.created", "oid.role.created", "oid.client.created", "oid.client.secret_rotated",
                "oid.role.created", "oid.role.assigned", "oid.user.created", "oid.user.password_changed",
                "oid.user.disabled", "oid.role.assigned", "oid.client.deleted", "oid.user.deleted", "oid.role.deleted");
        List<ConsumerRecord<String, String>> events = await(tenantId, expected.size());

        assertThat(events).extracting(record -> JSON.readTree(record.value()).path("type").asText()).containsExactlyElementsOf(expected);
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<String, String> record : events) {
            JsonNode event = JSON.readTree(record.value());
            assertThat(record.key()).isEqualTo(tenantId);
            assertThat(event.path("specversion").asText()).isEqualTo("1.0");
            assertThat(event.path("source").asText()).isEqualTo(System.getProperty("oid.it.issuer"));
            assertThat(event.path("data").path("tenant_id").asText()).isEqualTo(tenantId);
            assertThat(ids.add(event.path("id").asText())).isTrue();
            assertThat(record.value()).doesNotContain(client.path("client_secret").asText()).doesNotContain(rotatedSecret)
                    .doesNotContain(PASSWORD).doesNotContain("violet").doesNotContain("argon2").doesNotContain("hmac-sha256");
        }
    }

    private static List<ConsumerRecord<String, String>> await(String tenantId, int count) {
        return TopicReader.read(record -> tenantId.equals(record.key()) && !record.value().contains("\"oid.token.issued\""), count);
    }
}
