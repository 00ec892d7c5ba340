package com.orbusdigital.oid.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidDeployment;
import java.net.URL;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Liveness and readiness, as the runbook and orchestrators use them. */
@ExtendWith(ArquillianExtension.class)
class HealthIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return OidDeployment.war();
    }

    @ArquillianResource
    private URL base;

    @Test
    void livenessAndReadinessAnswerUpOnceTheDatabaseIsMigrated() throws Exception {
        Http.awaitReady(base.toURI(), Duration.ofSeconds(90));

        Http.Response live = Http.get(base.toURI().resolve("health"));
        Http.Response ready = Http.get(base.toURI().resolve("health/ready"));

        assertThat(live.status()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void unknownPathsAreAProblemDocumentNotAContainerPage() throws Exception {
        Http.Response response = Http.get(base.toURI().resolve("no/such/thing"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.json().path("status").asInt()).isEqualTo(404);
        assertThat(response.body()).doesNotContainIgnoringCase("tomcat");
    }
}
