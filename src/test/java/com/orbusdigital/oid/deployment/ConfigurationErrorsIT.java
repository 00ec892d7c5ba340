package com.orbusdigital.oid.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A missing or malformed setting stops the deployment with one clear line naming the variable —
 * no wall of stack trace, nothing half-started — and never repeats a password.
 */
class ConfigurationErrorsIT {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing JWT_ISSUER       | DATABASE_URL=postgres://ods:hunter2secret@127.0.0.1:5/ods                | JWT_ISSUER is required",
            "malformed DATABASE_URL   | DATABASE_URL=mysql://ods:hunter2secret@db/ods;JWT_ISSUER=https://oid.test | DATABASE_URL must start with",
            "unencoded password       | DATABASE_URL=postgres://ods:hunter2/secret@db:5432/ods;JWT_ISSUER=https://oid.test | DATABASE_URL has an invalid port",
            "malformed TTL            | DATABASE_URL=postgres://db/ods;JWT_ISSUER=https://oid.test;ACCESS_TOKEN_TTL_SECS=1h | ACCESS_TOKEN_TTL_SECS must be a whole number",
            "short metrics token, json | DATABASE_URL=postgres://db/ods;JWT_ISSUER=https://oid.test;OID_METRICS_TOKEN=hunter2secret;OID_LOG_FORMAT=json | OID_METRICS_TOKEN must be at least 32 characters"})
    void aBadSettingStopsTheDeploymentWithOneLineNamingIt(String name, String settings, String expected) throws Exception {
        Map<String, String> environment = new java.util.HashMap<>();
        for (String setting : settings.split(";")) {
            String[] pair = setting.split("=", 2);
            environment.put(pair[0], pair[1]);
        }
        try (StandaloneTomcat tomcat = new StandaloneTomcat("config-" + name.replace(' ', '-'), environment)) {
            tomcat.start();
            tomcat.awaitLog("Server startup in", Duration.ofSeconds(120));

            List<String> log = tomcat.logLines();
            List<String> ours = log.stream().filter(line -> line.contains("OID cannot start")).toList();
            assertThat(ours).hasSize(1);
            assertThat(ours.get(0)).contains(expected);
            assertThat(log).noneMatch(line -> line.startsWith("\tat "));
            assertThat(String.join("\n", log)).doesNotContain("hunter2");
            // the webapp is not half-started: it is not there at all
            assertThat(Http.get(tomcat.base().resolve("health")).status()).isEqualTo(404);
        }
    }

    @Test
    void anUnknownLogFormatStopsTheImagesTomcatBeforeItStarts() throws Exception {
        try (StandaloneTomcat tomcat = new StandaloneTomcat("config-log-format", Map.of(
                "DATABASE_URL", "postgres://db/ods", "JWT_ISSUER", "https://oid.test", "OID_LOG_FORMAT", "logfmt"))) {
            tomcat.start();
            String line = tomcat.awaitLog("OID cannot start", Duration.ofSeconds(60));

            assertThat(line).isEqualTo("OID cannot start: OID_LOG_FORMAT must be json or text, got 'logfmt'");
            assertThat(tomcat.logLines()).containsExactly(line); // bin/setenv.sh said it, and nothing started
        }
    }

    /** PORT is the image's connector only, so the image's Tomcat checks it: OID itself reads neither HOST nor PORT. */
    @ParameterizedTest(name = "PORT={0}")
    @CsvSource({"0", "65536", "http", "8080x", "000000080"})
    void aPortThatIsNoPortNumberStopsTheImagesTomcatBeforeItStarts(String port) throws Exception {
        try (StandaloneTomcat tomcat = new StandaloneTomcat("config-port", Map.of(
                "DATABASE_URL", "postgres://db/ods", "JWT_ISSUER", "https://oid.test", "PORT", port))) {
            tomcat.start();
            String line = tomcat.awaitLog("OID cannot start", Duration.ofSeconds(60));

            assertThat(line).isEqualTo("OID cannot start: PORT must be a whole number from 1 to 65535, got '" + port + "'");
            assertThat(tomcat.logLines()).containsExactly(line);
        }
    }
}
