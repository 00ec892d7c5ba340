package com.orbusdigital.oid.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.RawHttp;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What Tomcat answers itself, before OID sees the request, with the container image's
 * configuration: a few fixed bytes of HTML (tomcat-config/conf/error.html) and the status, never the
 * exception, its message, Tomcat's name or version, nor its styled report. (A stock Tomcat shows
 * "java.lang.IllegalArgumentException: Request header is too large" and "Apache Tomcat/10.1.x".)
 * X-Content-Type-Options cannot be added to these by Tomcat's configuration; OID's own answers carry it.
 */
class TomcatErrorAnswersIT {

    @Test
    void requestsTomcatRefusesGetTheFixedMinimalPage() throws Exception {
        String page = Files.readString(Path.of(System.getProperty("oid.tomcat.config", "tomcat-config"), "conf/error.html"),
                StandardCharsets.UTF_8);
        try (TestPostgres postgres = TestPostgres.start(StandaloneTomcat.freePort());
             StandaloneTomcat tomcat = StandaloneTomcat.startOid("error-answers", Map.of("DATABASE_URL", postgres.databaseUrl()))) {
            String host = "Host: 127.0.0.1:" + tomcat.port() + "\r\nConnection: close\r\n";
            Map<String, String> refused = new LinkedHashMap<>();
            refused.put("an encoded slash", "GET /admin/tenants/a%2fb HTTP/1.1\r\n" + host + "\r\n");
            refused.put("an encoded NUL", "GET /authorize%00 HTTP/1.1\r\n" + host + "\r\n");
            refused.put("an oversized header", "GET /health HTTP/1.1\r\n" + host + "X-Big: " + "a".repeat(20_000) + "\r\n\r\n");
            refused.put("two Host headers", "GET /health HTTP/1.1\r\n" + host + "Host: elsewhere.example\r\n\r\n");
            refused.put("a malformed request line", "GET /health HTTP/1.1 extra\r\n" + host + "\r\n");
            refused.forEach((what, wire) -> {
                RawHttp.Response answer = RawHttp.send(tomcat.port(), wire.getBytes(StandardCharsets.ISO_8859_1), what);
                assertThat(answer.status()).as(what).isEqualTo(400);
                assertThat(answer.text()).as(what).isEqualTo(page)
                        .doesNotContain("Exception").doesNotContain("Tomcat").doesNotContain("too large").doesNotContain("<style");
                assertThat(answer.header("Content-Type")).as(what).contains("text/html;charset=UTF-8");
                assertThat(answer.header("Server")).as(what).isEmpty();
            });
            assertThat(page.length()).isLessThan(200);

            // behind them, OID's own answers keep their headers
            Http.Response health = Http.get(tomcat.base().resolve("health"));
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.header("X-Content-Type-Options")).contains("nosniff");
        }
    }
}
