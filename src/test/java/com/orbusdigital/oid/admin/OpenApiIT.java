package com.orbusdigital.oid.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /admin/openapi.json on the deployed WAR: the document as written, to anyone, cacheable. */
@OidIT
class OpenApiIT {

    private RunningOid oid;

    private URI base;

    @BeforeEach
    void ready() throws Exception {
        base = oid.root();
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
