package com.orbusdigital.oid.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import org.junit.jupiter.api.Test;

/** Liveness and readiness, as the runbook and orchestrators use them. */
@OidIT
class HealthIT {

    private RunningOid oid;

    @Test
    void livenessAndReadinessAnswerUpOnceTheDatabaseIsMigrated() throws Exception {
        Http.Response live = Http.get(oid.resolve("health"));
        Http.Response ready = Http.get(oid.resolve("health/ready"));

        assertThat(live.status()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void unknownPathsAreAProblemDocumentNotAContainerPage() throws Exception {
        Http.Response response = Http.get(oid.resolve("no/such/thing"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.json().path("status").asInt()).isEqualTo(404);
        assertThat(response.body()).doesNotContainIgnoringCase("tomcat");
    }
}
