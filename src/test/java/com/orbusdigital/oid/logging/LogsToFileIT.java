package com.orbusdigital.oid.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestInfrastructure;
import com.orbusdigital.oid.testing.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The container image's Tomcat with its output redirected to a file as a shell does
 * ({@code catalina.sh run > oid.log 2>&1}: the file is not opened for appending). Tomcat's access
 * log opens /dev/stdout itself; unless every writer appends, each writes at an offset of its own
 * and they overwrite each other's lines. After 100 requests, every access log line and every line
 * OID wrote for them is in the file, whole.
 */
class LogsToFileIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REQUESTS = 100;

    @Test
    void everyAccessLogLineAndEveryLineOfOidsSurviveInTheFile() throws Exception {
        try (TestPostgres postgres = TestPostgres.start(StandaloneTomcat.freePort())) {
            StandaloneTomcat tomcat = new StandaloneTomcat("logs-to-file", Map.of(
                    "DATABASE_URL", postgres.databaseUrl(),
                    "OID_LOG_FORMAT", "json",
                    "LOG_LEVEL", "debug",
                    // half the requests are refused, and OID logs each refusal (at debug)
                    "RATE_LIMIT_PER_MINUTE", Integer.toString(REQUESTS / 2),
                    "OID_BOOTSTRAP_CLIENT_ID", TestInfrastructure.BOOTSTRAP_CLIENT_ID,
                    "OID_BOOTSTRAP_CLIENT_SECRET", TestInfrastructure.BOOTSTRAP_CLIENT_SECRET));
            try (tomcat) {
                tomcat.environmentAlso("JWT_ISSUER", tomcat.issuer());
                tomcat.truncatingLog();
                tomcat.start();
                Http.awaitReady(tomcat.base(), java.time.Duration.ofSeconds(120));

                List<String> refused = new ArrayList<>();
                for (int i = 0; i < REQUESTS; i++) {
                    String id = "to-file-" + i;
                    Http.Response answer = Http.postForm(tomcat.base().resolve("token"), "grant_type=client_credentials",
                            "Authorization", Http.basic(TestInfrastructure.BOOTSTRAP_CLIENT_ID, TestInfrastructure.BOOTSTRAP_CLIENT_SECRET),
                            "X-Request-Id", id);
                    assertThat(answer.status()).isIn(200, 429);
                    if (answer.status() == 429) {
                        refused.add(id);
                    }
                }
                assertThat(refused).hasSize(REQUESTS / 2);
                tomcat.stop(); // everything written

                List<JsonNode> lines = new ArrayList<>();
                for (String line : tomcat.logLines()) {
                    assertThat(line).as("every line is one whole JSON object").startsWith("{").endsWith("}");
                    lines.add(JSON.readTree(line));
                }
                for (int i = 0; i < REQUESTS; i++) {
                    String id = "to-file-" + i;
                    assertThat(lines).as("the access log line of %s", id).filteredOn(line -> "/token".equals(line.path("path").asText())
                            && id.equals(line.path("responseHeaders").path("X-Request-Id").asText())).hasSize(1);
                }
                for (String id : refused) {
                    assertThat(lines).as("OID's line for %s", id).filteredOn(line -> id.equals(line.path("request_id").asText()))
                            .singleElement().satisfies(line -> assertThat(line.path("message").asText()).startsWith("Rate limit: refused POST /token"));
                }
                assertThat(lines).anySatisfy(line -> assertThat(line.path("message").asText()).contains("Server startup in"));
            }
        }
    }
}
