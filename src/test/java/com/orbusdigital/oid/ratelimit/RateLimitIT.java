package com.orbusdigital.oid.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestPostgres;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-IP limit on a stock Tomcat with the container image's configuration, configured by
 * environment variables only, as in production. Every request comes from 127.0.0.1, so within one
 * test they all share a limit unless a trusted proxy says otherwise; each test fits in the first
 * minute of its limits.
 */
class RateLimitIT {

    private static final String CLIENT_ID = "rate-limit-admin";
    private static final String SECRET = "rate-limit-bootstrap-secret-0123456789";
    private static final String BYPASS = "e2e-bypass-token-for-the-rate-limit-it";

    private static TestPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = TestPostgres.start(StandaloneTomcat.freePort());
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static StandaloneTomcat start(String name, Map<String, String> settings) throws Exception {
        StandaloneTomcat tomcat = new StandaloneTomcat(name, settings);
        tomcat.environmentAlso("DATABASE_URL", postgres.databaseUrl());
        tomcat.environmentAlso("JWT_ISSUER", tomcat.issuer());
        tomcat.environmentAlso("OID_BOOTSTRAP_CLIENT_ID", CLIENT_ID);
        tomcat.environmentAlso("OID_BOOTSTRAP_CLIENT_SECRET", SECRET);
        tomcat.start();
        Http.awaitReady(tomcat.base(), Duration.ofSeconds(120));
        return tomcat;
    }

    private static Http.Response token(URI base, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = Http.basic(CLIENT_ID, SECRET);
        System.arraycopy(headers, 0, all, 2, headers.length);
        return Http.postForm(base.resolve("token"), "grant_type=client_credentials", all);
    }

    @Test
    void refusesTheRequestAfterTheLimitFromOneAddressWhateverItClaims() throws Exception {
        try (StandaloneTomcat tomcat = start("rate-limit", Map.of(
                "RATE_LIMIT_PER_MINUTE", "60",
                "E2E_BYPASS_TOKEN", BYPASS,
                "ODS_ENV", "staging"))) {
            URI base = tomcat.base();

            for (int i = 1; i <= 60; i++) {
                Http.Response passed = token(base);
                assertThat(passed.status()).as("request %d", i).isEqualTo(200);
                assertThat(passed.header("RateLimit-Limit")).contains("60");
                assertThat(passed.header("RateLimit-Remaining")).contains(Integer.toString(60 - i));
                assertThat(passed.header("RateLimit-Policy")).contains("60;w=60");
                assertThat(Long.parseLong(passed.header("RateLimit-Reset").orElseThrow())).isBetween(1L, 60L);
            }

            Http.Response refused = token(base);
            assertThat(refused.status()).isEqualTo(429);
            long retryAfter = Long.parseLong(refused.header("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, 60L);
            assertThat(refused.header("RateLimit-Limit")).contains("60");
            assertThat(refused.header("RateLimit-Remaining")).contains("0");
            assertThat(refused.header("RateLimit-Reset")).isPresent();
            assertThat(refused.header("RateLimit-Policy")).contains("60;w=60");
            assertThat(refused.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(refused.header("Cache-Control")).contains("no-store");
            assertThat(refused.body()).isEqualTo("{\"error\":\"temporarily_unavailable\",\"error_description\":"
                    + "\"too many requests from this address; retry after " + retryAfter
                    + (retryAfter == 1 ? " second" : " seconds") + "\"}");

            // 127.0.0.1 is no trusted proxy: what it says about the client changes nothing
            assertThat(token(base, "X-Forwarded-For", "6.6.6.6").status()).isEqualTo(429);
            assertThat(token(base, "X-Forwarded-For", "6.6.6.6, 7.7.7.7").status()).isEqualTo(429);

            // every protocol endpoint shares the limit and answers JSON
            for (String path : new String[] {"token", "userinfo", "introspect", "revoke"}) {
                Http.Response response = Http.postForm(base.resolve(path), "token=x");
                assertThat(response.status()).as(path).isEqualTo(429);
                assertThat(response.json().get("error").asText()).as(path).isEqualTo("temporarily_unavailable");
            }
            assertThat(Http.get(base.resolve("userinfo")).status()).isEqualTo(429);

            // the browser's endpoints answer a page, with the pages' security headers
            Http.Response page = Http.get(base.resolve("authorize?client_id=any&response_type=code"));
            assertThat(page.status()).isEqualTo(429);
            assertThat(page.header("Content-Type")).contains("text/html;charset=UTF-8");
            assertThat(page.header("Retry-After")).isPresent();
            assertThat(page.header("Cache-Control")).contains("no-store");
            assertThat(page.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'"));
            assertThat(page.header("X-Frame-Options")).contains("DENY");
            assertThat(page.header("X-Content-Type-Options")).contains("nosniff");
            assertThat(page.header("Referrer-Policy")).contains("no-referrer");
            assertThat(page.body()).startsWith("<!doctype html>").contains("<h1>Too many requests</h1>")
                    .contains("Please wait ").contains("href=\"assets/oid.css\"");
            // in French, whichever way it was chosen: ui_locales, the switch's cookie, Accept-Language
            for (Http.Response french : List.of(
                    Http.get(base.resolve("authorize?client_id=any&response_type=code&ui_locales=fr")),
                    Http.get(base.resolve("authorize?client_id=any&response_type=code"), "Cookie", "oid_lang=fr"),
                    Http.get(base.resolve("logout"), "Accept-Language", "de;q=0.9, fr-CA;q=0.8, en;q=0.5"))) {
                assertThat(french.status()).isEqualTo(429);
                assertThat(french.body()).startsWith("<!doctype html>\n<html lang=\"fr\">").contains("<title>Trop de demandes</title>")
                        .contains("<h1>Trop de demandes</h1>").containsPattern("Veuillez patienter [0-9]+ secondes? et réessayer\\.")
                        .contains("<nav class=\"languages\" aria-label=\"Langue\">");
            }
            assertThat(Http.postForm(base.resolve("login"), "username=x").header("Content-Type")).contains("text/html;charset=UTF-8");
            // the sign-in's code steps (issue 16) are under /login too, and as limited
            for (String path : new String[] {"login/otp", "login/recovery-code"}) {
                Http.Response code = Http.postForm(base.resolve(path), "code=123456");
                assertThat(code.status()).as(path).isEqualTo(429);
                assertThat(code.header("Content-Type")).as(path).contains("text/html;charset=UTF-8");
            }
            assertThat(Http.get(base.resolve("logout")).status()).isEqualTo(429);
            assertThat(Http.postForm(base.resolve("authorize"), "client_id=any").status()).isEqualTo(429);

            // the E2E bypass: the right token passes and is not counted, a wrong one is refused
            Http.Response bypassed = token(base, "X-E2E-Bypass", BYPASS);
            assertThat(bypassed.status()).isEqualTo(200);
            assertThat(bypassed.header("RateLimit-Remaining")).isEmpty();
            assertThat(token(base, "X-E2E-Bypass", BYPASS + "x").status()).isEqualTo(429);

            // never limited: keys, discovery, health, the admin API's document, the stylesheet, CORS preflights
            for (String path : new String[] {".well-known/jwks.json", ".well-known/openid-configuration", "health",
                    "health/ready", "admin/openapi.json", "assets/oid.css"}) {
                Http.Response free = Http.get(base.resolve(path));
                assertThat(free.status()).as(path).isEqualTo(200);
                assertThat(free.header("RateLimit-Limit")).as(path).isEmpty();
            }
            assertThat(Http.json("OPTIONS", base.resolve("token"), null, "Origin", "https://app.example",
                    "Access-Control-Request-Method", "POST").status()).isNotEqualTo(429);

            String log = String.join("\n", tomcat.logLines());
            assertThat(log).doesNotContain(BYPASS).doesNotContain(SECRET)
                    .contains("Rate limit: 60 requests a minute per client address");
            assertThat(tomcat.logLines()).filteredOn(line -> line.contains("carried X-Forwarded-For")).hasSize(1);
            // the image's RemoteIpValve trusts nobody unless told: the access log names the real peer
            assertThat(tomcat.logLines()).noneMatch(line -> line.startsWith("6.6.6.6 ") || line.startsWith("7.7.7.7 "));
        }
    }

    /**
     * Behind trusted proxies, each forwarded client has a limit of its own. The image's
     * RemoteIpValve is switched on here trusting only 127.0.0.1 (fewer proxies than OID), so both
     * paths run: the valve rewrites the request, and OID walks on through what it left.
     */
    @Test
    void countsEachForwardedClientOnItsOwnBehindTrustedProxies() throws Exception {
        try (StandaloneTomcat tomcat = start("rate-limit-proxied", Map.of(
                "RATE_LIMIT_PER_MINUTE", "3",
                "OID_TRUSTED_PROXIES", "127.0.0.1/32, 10.0.0.0/8",
                "OID_TOMCAT_INTERNAL_PROXIES", "127\\.0\\.0\\.1"))) {
            URI base = tomcat.base();

            assertThat(remaining(base, "1.1.1.1")).isEqualTo("2");
            assertThat(remaining(base, "1.1.1.1")).isEqualTo("1");
            assertThat(remaining(base, "1.1.1.1")).isEqualTo("0");
            assertThat(token(base, "X-Forwarded-For", "1.1.1.1").status()).isEqualTo(429);
            assertThat(remaining(base, "2.2.2.2")).isEqualTo("2");

            // the right-most address that is no trusted proxy is the client; what it wrote to its left is not read
            assertThat(remaining(base, "6.6.6.6, 10.0.0.9")).isEqualTo("2");
            assertThat(remaining(base, "6.6.6.6")).isEqualTo("1");
            assertThat(remaining(base, "1.1.1.1, 6.6.6.6, 10.1.2.3")).isEqualTo("0");
            assertThat(token(base, "X-Forwarded-For", "2.2.2.2, 6.6.6.6").status()).isEqualTo(429);

            // a chain of trusted proxies only: its left-most; no header: the proxy itself
            assertThat(remaining(base, "10.0.0.7, 10.0.0.8")).isEqualTo("2");
            assertThat(remaining(base, "10.0.0.7")).isEqualTo("1");
            assertThat(token(base).header("RateLimit-Remaining")).contains("2");

            // IPv6 clients are counted per /64
            assertThat(remaining(base, "2001:db8:1:2::1")).isEqualTo("2");
            assertThat(remaining(base, "2001:db8:1:2:ffff::9")).isEqualTo("1");
            assertThat(remaining(base, "2001:db8:1:3::1")).isEqualTo("2");

            // a client named by something that is no address shares one limit with all such
            assertThat(remaining(base, "6.6.6.6, garbage")).isEqualTo("2");
            assertThat(remaining(base, "unknown")).isEqualTo("1");

            // the valve read OID_TOMCAT_INTERNAL_PROXIES from the environment: the access log names the clients
            assertThat(tomcat.logLines()).anyMatch(line -> line.startsWith("1.1.1.1 ") && line.contains("\"POST /token "));
            assertThat(tomcat.logLines()).anyMatch(line -> line.startsWith("10.0.0.7 ") && line.contains("\"POST /token "));
            // clients on public addresses sending X-Forwarded-For are no misconfigured proxy
            assertThat(tomcat.logLines()).noneMatch(line -> line.contains("carried X-Forwarded-For"));
        }
    }

    private static String remaining(URI base, String forwardedFor) {
        Http.Response response = token(base, "X-Forwarded-For", forwardedFor);
        assertThat(response.status()).as(forwardedFor).isEqualTo(200);
        return response.header("RateLimit-Remaining").orElseThrow();
    }
}
