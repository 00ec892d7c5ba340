package com.orbusdigital.oid.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.MetricsScrape;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestInfrastructure;
import com.orbusdigital.oid.testing.TestPostgres;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * /metrics on a stock Tomcat with the image's configuration: the token it asks for, both
 * exposition formats, and exact series after known traffic — tokens by grant, requests by route
 * template and status, sign-in failures by reason, rate-limit refusals, the pool, the outbox and
 * the JVM — with bounded labels and no secret anywhere.
 */
class MetricsIT {

    private static final String CLIENT_ID = TestInfrastructure.BOOTSTRAP_CLIENT_ID;
    private static final String SECRET = TestInfrastructure.BOOTSTRAP_CLIENT_SECRET;
    private static final String METRICS_TOKEN = "metrics-scrape-token-0123456789abcdefgh";
    private static final int LIMIT = 40;

    @Test
    void countsTrafficByRouteGrantReasonAndRefusalBehindItsToken() throws Exception {
        try (TestPostgres postgres = TestPostgres.start(StandaloneTomcat.freePort());
             StandaloneTomcat tomcat = StandaloneTomcat.startOid("metrics", Map.of(
                     "DATABASE_URL", postgres.databaseUrl(),
                     "RATE_LIMIT_PER_MINUTE", Integer.toString(LIMIT),
                     "OID_METRICS_TOKEN", METRICS_TOKEN,
                     "OID_BOOTSTRAP_CLIENT_ID", CLIENT_ID,
                     "OID_BOOTSTRAP_CLIENT_SECRET", SECRET))) {
            URI base = tomcat.base();

            // the token: missing or wrong answers 401, and no metric
            for (String[] headers : new String[][] {{}, {"Authorization", "Bearer " + METRICS_TOKEN + "x"},
                    {"Authorization", "Basic " + METRICS_TOKEN}}) {
                Http.Response refused = Http.get(base.resolve("metrics"), headers);
                assertThat(refused.status()).isEqualTo(401);
                assertThat(refused.header("WWW-Authenticate")).contains("Bearer realm=\"metrics\"");
                assertThat(refused.body()).doesNotContain("jvm_");
            }
            Http.Response text = Http.get(base.resolve("metrics"), "Authorization", "Bearer " + METRICS_TOKEN);
            assertThat(text.status()).isEqualTo(200);
            // (the container writes media type parameters without spaces)
            assertThat(text.header("Content-Type")).contains("text/plain;version=0.0.4;charset=utf-8");
            assertThat(text.header("RateLimit-Limit")).isEmpty(); // never rate-limited
            Http.Response openMetrics = Http.get(base.resolve("metrics"), "Authorization", "Bearer " + METRICS_TOKEN,
                    "Accept", "application/openmetrics-text; version=1.0.0,text/plain;version=0.0.4;q=0.5");
            assertThat(openMetrics.header("Content-Type")).contains("application/openmetrics-text;version=1.0.0;charset=utf-8");
            assertThat(openMetrics.body()).endsWith("# EOF\n");

            MetricsScrape before = MetricsScrape.of(base, METRICS_TOKEN);
            String issued = "oid_tokens_issued_total{grant_type=\"client_credentials\"}";
            String tokenOk = "oid_http_server_requests_seconds_count{endpoint=\"/token\",method=\"POST\",status=\"200\"}";
            String token401 = "oid_http_server_requests_seconds_count{endpoint=\"/token\",method=\"POST\",status=\"401\"}";

            for (int i = 0; i < 5; i++) {
                assertThat(token(base, SECRET).status()).isEqualTo(200);
            }
            assertThat(token(base, "not-the-secret").status()).isEqualTo(401);
            AdminClient admin = AdminClient.withToken(base, AdminClient.clientCredentialsToken(base, CLIENT_ID, SECRET));
            assertThat(admin.get("admin/tenants/platform").status()).isEqualTo(200);
            assertThat(Http.get(base.resolve("no/such/path/4815162342")).status()).isEqualTo(404);

            // a wrong password, then the right one
            SignInScenario scenario = SignInScenario.create(base, tomcat.issuer(), "https://app.example/callback", "public", "");
            Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
            assertThat(scenario.signIn(new UserAgent(), request, "wrong " + SignInScenario.PASSWORD).status()).isEqualTo(200);
            scenario.code(scenario.signIn(new UserAgent(), request, SignInScenario.PASSWORD), request);

            MetricsScrape after = MetricsScrape.of(base, METRICS_TOKEN);
            // 5, the test's admin token and the scenario's
            assertThat(after.count(issued) - before.count(issued)).isEqualTo(7.0);
            assertThat(after.count(tokenOk) - before.count(tokenOk)).isEqualTo(7.0);
            assertThat(after.count(token401) - before.count(token401)).isEqualTo(1.0);
            assertThat(after.count("oid_http_server_requests_seconds_count{endpoint=\"/admin/tenants/{tenant}\",method=\"GET\",status=\"200\"}"))
                    .isEqualTo(2.0); // the test's and the scenario's
            assertThat(after.count("oid_http_server_requests_seconds_count{endpoint=\"other\",method=\"GET\",status=\"404\"}")).isEqualTo(1.0);
            assertThat(after.body()).doesNotContain("4815162342");
            assertThat(after.body()).contains("oid_http_server_requests_seconds_bucket{endpoint=\"/token\",method=\"POST\",status=\"200\",le=\"0.1\"}");
            assertThat(after.count("oid_sign_in_failures_total{reason=\"wrong_password\"}")).isEqualTo(1.0);
            assertThat(after.count("oid_sign_ins_total")).isEqualTo(1.0);

            // past the limit: each refusal is counted, by endpoint
            int refused = 0;
            for (int i = 0; i <= LIMIT && refused < 3; i++) {
                if (token(base, SECRET).status() == 429) {
                    refused++;
                }
            }
            assertThat(refused).isEqualTo(3);
            MetricsScrape limited = MetricsScrape.of(base, METRICS_TOKEN);
            assertThat(limited.body()).contains("oid_rate_limit_rejections_total{endpoint=\"/token\"} 3.0\n");
            assertThat(limited.count("oid_http_server_requests_seconds_count{endpoint=\"/token\",method=\"POST\",status=\"429\"}")).isEqualTo(3.0);

            // the pool, the event pipeline and the JVM
            assertThat(limited.body()).contains("hikaricp_connections_max{pool=\"oid\"} 10.0\n")
                    .contains("oid_events_dropped_total 0.0\n")
                    .contains("jvm_memory_used_bytes{").contains("jvm_gc_").contains("jvm_threads_live_threads ")
                    .contains("process_cpu_usage ").contains("process_uptime_seconds ");
            assertThat(limited.value("oid_outbox_backlog")).isPresent();

            // never a secret, a user name or an email in a label
            assertThat(limited.body()).doesNotContain(SECRET).doesNotContain(METRICS_TOKEN).doesNotContain(scenario.username)
                    .doesNotContain(scenario.clientId).doesNotContain(CLIENT_ID);
            assertThat(String.join("\n", tomcat.logLines())).doesNotContain(METRICS_TOKEN);

            // PostgreSQL gone: a scrape neither waits nor fails, and the backlog keeps its last value
            double backlog = limited.value("oid_outbox_backlog").orElseThrow();
            postgres.stop();
            MetricsScrape withoutDatabase = MetricsScrape.of(base, METRICS_TOKEN);
            assertThat(withoutDatabase.value("oid_outbox_backlog")).contains(backlog);
            Thread.sleep(EventMetrics.REFRESH.toMillis() + 1000); // a refresh fails meanwhile
            assertThat(MetricsScrape.of(base, METRICS_TOKEN).value("oid_outbox_backlog")).contains(backlog);
        }
    }

    private static Http.Response token(URI base, String secret) {
        return Http.postForm(base.resolve("token"), "grant_type=client_credentials", "Authorization", Http.basic(CLIENT_ID, secret));
    }
}
