package com.orbusdigital.oid.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidDeployment;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GET /admin/openapi.json on the deployed WAR: the document as written, to anyone, cacheable. */
@ExtendWith(ArquillianExtension.class)
class OpenApiIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return OidDeployment.war();
    }

    @ArquillianResource
    private URL url;

    private URI base;

    @BeforeEach
    void ready() throws Exception {
        base = url.toURI();
        Http.awaitReady(base, Duration.ofSeconds(90));
    }

    @Test
    void theDocumentIsServedWithoutATokenExactlyAsWritten() throws IOException {
        String file;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("openapi/admin.json")) {
            assertThat(in).isNotNull();
            file = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        Http.Response response = Http.get(base.resolve("admin/openapi.json"));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.header("Cache-Control")).hasValueSatisfying(cache -> assertThat(cache).contains("public").contains("max-age=3600"));
        assertThat(response.body()).isEqualTo(file);
        assertThat(response.json().path("openapi").asText()).isEqualTo("3.1.0");

        // the ETag lets tooling revalidate instead of downloading the document again
        String etag = response.header("ETag").orElseThrow();
        assertThat(Http.get(base.resolve("admin/openapi.json"), "If-None-Match", etag).status()).isEqualTo(304);
    }

    @Test
    void theRestOfTheAdminApiStillNeedsAToken() {
        Http.Response response = Http.get(base.resolve("admin/tenants"));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
    }
}
