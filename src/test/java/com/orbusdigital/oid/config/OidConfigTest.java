package com.orbusdigital.oid.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OidConfigTest {

    private static final String DB = "postgres://ods:pw@db:5432/ods?search_path=oid";

    private static OidConfig load(Map<String, String> values) {
        return OidConfig.load(ConfigSource.of(values), false);
    }

    private static Map<String, String> minimal(String... more) {
        Map<String, String> values = new HashMap<>(Map.of("JWT_ISSUER", "https://oid.example.com", "DATABASE_URL", DB));
        for (int i = 0; i < more.length; i += 2) {
            values.put(more[i], more[i + 1]);
        }
        return values;
    }

    private static void assertRefused(Map<String, String> values, String variable) {
        assertThatThrownBy(() -> load(values))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable + " ");
    }

    @Test
    void appliesTheRunbookDefaults() {
        OidConfig config = load(minimal());

        assertThat(config.issuer().value()).isEqualTo("https://oid.example.com");
        assertThat(config.audience()).isEqualTo("ods-platform");
        assertThat(config.accessTokenTtl()).isEqualTo(Duration.ofSeconds(3600));
        assertThat(config.events().kafkaBrokers()).isEmpty();
        assertThat(config.events().topic()).isEqualTo("oid.events");
        assertThat(config.logLevel()).isEqualTo(Level.INFO);
        assertThat(config.environment()).isEmpty();
        assertThat(config.e2eBypassToken()).isEmpty();
        assertThat(config.rateLimitPerMinute()).isEqualTo(60);
        assertThat(config.rateLimitStore()).isEqualTo(OidConfig.RateLimitStore.MEMORY);
        assertThat(config.corsAllowedOrigins()).isEmpty();
        assertThat(config.adminCorsAllowedOrigins()).isEmpty();
        assertThat(config.bootstrapClient()).isEmpty();
        assertThat(config.database().schema()).isEqualTo("oid");
        assertThat(config.database().poolSize()).isEqualTo(10);
        assertThat(config.database().poolTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.signIn()).isEqualTo(new OidConfig.SignIn(true, Duration.ofMinutes(30), Duration.ofHours(10),
                Duration.ofDays(14), Duration.ofDays(30), Duration.ZERO, 10));
        assertThat(config.housekeepingInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.keyRotationPeriod()).isEqualTo(Duration.ofDays(90));
        assertThat(load(minimal("OID_KEY_ROTATION_DAYS", "30")).keyRotationPeriod()).isEqualTo(Duration.ofDays(30));
        assertRefused(minimal("OID_KEY_ROTATION_DAYS", "0"), "OID_KEY_ROTATION_DAYS");
        assertThat(config.keyEncryptionKey()).isEmpty();
        assertThat(load(minimal("OID_KEY_ENCRYPTION_KEY", "q7Qn3zY1mJ0uV8sX2cR5tW9eA4bD6fG0hK1lN3pQ5rs=")).keyEncryptionKey()).isPresent();
        assertRefused(minimal("OID_KEY_ENCRYPTION_KEY", "c2hvcnQ="), "OID_KEY_ENCRYPTION_KEY");
        assertRefused(minimal("OID_KEY_ENCRYPTION_KEY", "not base64 at all!"), "OID_KEY_ENCRYPTION_KEY");
    }

    @Test
    void readsTheSignInSettings() {
        OidConfig config = load(minimal("OID_REQUIRE_PKCE", "false", "OID_SESSION_IDLE_SECS", "600",
                "OID_SESSION_MAX_SECS", "7200", "OID_REFRESH_TOKEN_IDLE_SECS", "3600", "OID_REFRESH_TOKEN_MAX_SECS", "86400",
                "OID_REFRESH_REUSE_GRACE_SECS", "5", "OID_LOGIN_MAX_FAILURES", "3", "OID_HOUSEKEEPING_INTERVAL_SECS", "2"));

        assertThat(config.signIn()).isEqualTo(new OidConfig.SignIn(false, Duration.ofMinutes(10), Duration.ofHours(2),
                Duration.ofHours(1), Duration.ofDays(1), Duration.ofSeconds(5), 3));
        assertThat(config.housekeepingInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void refusesAnIdleLifetimeLongerThanTheAbsoluteOne() {
        assertRefused(minimal("OID_SESSION_IDLE_SECS", "7200", "OID_SESSION_MAX_SECS", "3600"), "OID_SESSION_IDLE_SECS");
        assertRefused(minimal("OID_REFRESH_TOKEN_IDLE_SECS", "90000", "OID_REFRESH_TOKEN_MAX_SECS", "86400"), "OID_REFRESH_TOKEN_IDLE_SECS");
        assertRefused(minimal("OID_REFRESH_REUSE_GRACE_SECS", "61"), "OID_REFRESH_REUSE_GRACE_SECS");
        assertRefused(minimal("OID_REQUIRE_PKCE", "maybe"), "OID_REQUIRE_PKCE");
    }

    @Test
    void readsEveryVariable() {
        OidConfig config = load(minimal(
                "JWT_AUDIENCE", "docstore",
                "ACCESS_TOKEN_TTL_SECS", "600",
                "REDPANDA_BROKERS", "redpanda:9092,10.0.0.2:9093",
                "REDPANDA_TOPIC", "oid.events.v2",
                "RUST_LOG", "debug",
                "ODS_ENV", "staging",
                "E2E_BYPASS_TOKEN", "let-me-through",
                "RATE_LIMIT_PER_MINUTE", "120",
                "OID_RATE_LIMIT_STORE", "postgres",
                "CORS_ALLOWED_ORIGINS", "https://app.example.com, http://localhost:5173",
                "OID_ADMIN_CORS_ALLOWED_ORIGINS", "https://console.example.com,http://[::1]:8443",
                "OID_DB_POOL_SIZE", "20",
                "OID_DB_POOL_TIMEOUT_MS", "500",
                "OID_BOOTSTRAP_CLIENT_ID", "platform-admin",
                "OID_BOOTSTRAP_CLIENT_SECRET", "0123456789abcdef0123456789abcdef"));

        assertThat(config.audience()).isEqualTo("docstore");
        assertThat(config.accessTokenTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.events().kafkaBrokers()).contains("redpanda:9092,10.0.0.2:9093");
        assertThat(config.events().topic()).isEqualTo("oid.events.v2");
        assertThat(config.logLevel()).isEqualTo(Level.FINE);
        assertThat(config.environment()).contains("staging");
        assertThat(config.e2eBypassToken()).hasValueSatisfying(token -> assertThat(token.matches("let-me-through")).isTrue());
        assertThat(config.rateLimitPerMinute()).isEqualTo(120);
        assertThat(config.rateLimitStore()).isEqualTo(OidConfig.RateLimitStore.POSTGRES);
        assertThat(config.corsAllowedOrigins()).containsExactly("https://app.example.com", "http://localhost:5173");
        assertThat(config.adminCorsAllowedOrigins()).containsExactly("https://console.example.com", "http://[::1]:8443");
        assertThat(config.database().poolSize()).isEqualTo(20);
        assertThat(config.database().poolTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.bootstrapClient()).hasValueSatisfying(client -> {
            assertThat(client.clientId()).isEqualTo("platform-admin");
            assertThat(client.secret().matches("0123456789abcdef0123456789abcdef")).isTrue();
        });
    }

    @Test
    void jwtIssuerIsRequired() {
        assertRefused(Map.of("DATABASE_URL", DB), "JWT_ISSUER");
    }

    @Test
    void blankCountsAsUnset() {
        assertRefused(minimal("JWT_ISSUER", "   "), "JWT_ISSUER");
        assertThat(load(minimal("JWT_AUDIENCE", "")).audience()).isEqualTo("ods-platform");
    }

    @Test
    void databaseUrlIsRequiredUnlessTheContainerProvidesADataSource() {
        assertRefused(Map.of("JWT_ISSUER", "https://oid.example.com"), "DATABASE_URL");

        OidConfig config = OidConfig.load(ConfigSource.of(Map.of("JWT_ISSUER", "https://oid.example.com")), true);
        assertThat(config.database().url()).isEmpty();
        assertThat(config.database().schema()).isEqualTo("oid");
    }

    @Test
    void keepsTheIssuerExactlyAndJoinsEndpointsUnderIt() {
        OidConfig plain = load(minimal("JWT_ISSUER", "https://id.example.com/oid"));
        OidConfig slash = load(minimal("JWT_ISSUER", "https://id.example.com/oid/"));

        assertThat(plain.issuer().value()).isEqualTo("https://id.example.com/oid");
        assertThat(slash.issuer().value()).isEqualTo("https://id.example.com/oid/");
        assertThat(plain.issuer().endpoint("/token")).isEqualTo("https://id.example.com/oid/token");
        assertThat(slash.issuer().endpoint("/token")).isEqualTo("https://id.example.com/oid/token");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "JWT_ISSUER | oid.example.com",
            "JWT_ISSUER | ftp://oid.example.com",
            "JWT_ISSUER | https://oid.example.com?x=1",
            "JWT_ISSUER | https://oid.example.com#top",
            "JWT_ISSUER | https://user@oid.example.com",
            "JWT_ISSUER | https://oid example.com",
            "ACCESS_TOKEN_TTL_SECS | 0",
            "ACCESS_TOKEN_TTL_SECS | 59",
            "ACCESS_TOKEN_TTL_SECS | 86401",
            "ACCESS_TOKEN_TTL_SECS | 1h",
            "RATE_LIMIT_PER_MINUTE | 0",
            "RATE_LIMIT_PER_MINUTE | -5",
            "RATE_LIMIT_PER_MINUTE | sixty",
            "OID_RATE_LIMIT_STORE | redis",
            "OID_RATE_LIMIT_STORE | postgresql",
            "REDPANDA_BROKERS | redpanda",
            "REDPANDA_BROKERS | redpanda:9092;other:9092",
            "REDPANDA_TOPIC | oid events",
            "RUST_LOG | verbose",
            "LOG_LEVEL | loud",
            "CORS_ALLOWED_ORIGINS | app.example.com",
            "CORS_ALLOWED_ORIGINS | https://app.example.com/path",
            "CORS_ALLOWED_ORIGINS | https://app.example.com/",
            "CORS_ALLOWED_ORIGINS | https://App.Example.com",
            "CORS_ALLOWED_ORIGINS | https://app.example.com:443",
            "CORS_ALLOWED_ORIGINS | http://localhost:80",
            "CORS_ALLOWED_ORIGINS | null",
            "CORS_ALLOWED_ORIGINS | '*,https://app.example.com'",
            "OID_ADMIN_CORS_ALLOWED_ORIGINS | console.example.com",
            "OID_ADMIN_CORS_ALLOWED_ORIGINS | https://console.example.com/admin",
            "OID_ADMIN_CORS_ALLOWED_ORIGINS | https://CONSOLE.example.com",
            "OID_ADMIN_CORS_ALLOWED_ORIGINS | *",
            "OID_DB_POOL_SIZE | 0",
            "OID_DB_POOL_TIMEOUT_MS | 10",
            "DATABASE_URL | localhost:5432/ods"})
    void refusesMalformedValuesNamingTheVariable(String variable, String value) {
        assertRefused(minimal(variable, value), variable);
    }

    /** HOST and PORT belong to the container image's Tomcat (bin/setenv.sh, conf/server.xml): OID itself reads neither. */
    @Test
    void leavesHostAndPortToTheContainersTomcat() {
        assertThat(load(minimal("HOST", "anything", "PORT", "not a port")).issuer().value()).isEqualTo("https://oid.example.com");
    }

    @Test
    void rustLogDirectiveListsUseTheBareLevelAndLogLevelIsAnAlias() {
        assertThat(load(minimal("RUST_LOG", "warn,actix_web=debug")).logLevel()).isEqualTo(Level.WARNING);
        assertThat(load(minimal("RUST_LOG", "oid=debug")).logLevel()).isEqualTo(Level.INFO);
        assertThat(load(minimal("LOG_LEVEL", "ERROR")).logLevel()).isEqualTo(Level.SEVERE);
        assertThat(load(minimal("LOG_LEVEL", "error", "RUST_LOG", "trace")).logLevel()).isEqualTo(Level.FINEST);
    }

    @Test
    void productionRefusesTheE2eBypassAWildcardOriginAndPlainHttp() {
        assertRefused(minimal("ODS_ENV", "production", "E2E_BYPASS_TOKEN", "x"), "E2E_BYPASS_TOKEN");
        assertRefused(minimal("ODS_ENV", "production", "CORS_ALLOWED_ORIGINS", "*"), "CORS_ALLOWED_ORIGINS");
        assertRefused(minimal("ODS_ENV", "production", "JWT_ISSUER", "http://oid.example.com"), "JWT_ISSUER");

        assertThat(load(minimal("ODS_ENV", "staging", "E2E_BYPASS_TOKEN", "x")).e2eBypassToken()).isPresent();
        assertThat(load(minimal("CORS_ALLOWED_ORIGINS", "*")).corsAllowedOrigins()).containsExactly("*");
        assertThat(load(minimal("ODS_ENV", "production")).isProduction()).isTrue();
    }

    @Test
    void thePasskeysRpIdIsTheIssuersHostOrAParentDomainOfIt() {
        assertThat(load(minimal()).webauthnRpId()).isEqualTo("oid.example.com");
        assertThat(load(minimal("JWT_ISSUER", "https://ID.Example.com:8443/oid")).webauthnRpId()).isEqualTo("id.example.com");
        assertThat(load(minimal("OID_WEBAUTHN_RP_ID", "Example.COM")).webauthnRpId()).isEqualTo("example.com");
        assertThat(load(minimal("OID_WEBAUTHN_RP_ID", "oid.example.com")).webauthnRpId()).isEqualTo("oid.example.com");

        assertThatThrownBy(() -> load(minimal("OID_WEBAUTHN_RP_ID", "other.example")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("OID_WEBAUTHN_RP_ID ")
                .hasMessageContaining("oid.example.com");
        // a suffix that is not a parent domain, a sub-domain of the host, or not a domain at all
        assertRefused(minimal("OID_WEBAUTHN_RP_ID", "le.com"), "OID_WEBAUTHN_RP_ID");
        assertRefused(minimal("OID_WEBAUTHN_RP_ID", "sub.oid.example.com"), "OID_WEBAUTHN_RP_ID");
        assertRefused(minimal("OID_WEBAUTHN_RP_ID", "https://example.com"), "OID_WEBAUTHN_RP_ID");
        assertRefused(minimal("OID_WEBAUTHN_RP_ID", "example.com:443"), "OID_WEBAUTHN_RP_ID");
    }

    @Test
    void theAdminApiNeverAcceptsAWildcardOriginAndNamesTheVariable() {
        assertThatThrownBy(() -> load(minimal("OID_ADMIN_CORS_ALLOWED_ORIGINS", "*")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("OID_ADMIN_CORS_ALLOWED_ORIGINS")
                .hasMessageContaining("bearer tokens");
        assertRefused(minimal("OID_ADMIN_CORS_ALLOWED_ORIGINS", "https://console.example.com, *"), "OID_ADMIN_CORS_ALLOWED_ORIGINS");
        // the protocol endpoints' list is independent of it
        assertThat(load(minimal("CORS_ALLOWED_ORIGINS", "*", "OID_ADMIN_CORS_ALLOWED_ORIGINS", "https://console.example.com"))
                .adminCorsAllowedOrigins()).containsExactly("https://console.example.com");
    }

    @Test
    void anOriginWrittenDifferentlyFromTheBrowsersOriginHeaderIsRefusedWithTheFormToUse() {
        assertThatThrownBy(() -> load(minimal("CORS_ALLOWED_ORIGINS", "https://App.example.com:443")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'https://app.example.com'");
        assertThatThrownBy(() -> load(minimal("OID_ADMIN_CORS_ALLOWED_ORIGINS", "http://Console.example.com:8080")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'http://console.example.com:8080'");
    }

    @Test
    void bootstrapClientNeedsBothHalvesAndALongSecret() {
        assertRefused(minimal("OID_BOOTSTRAP_CLIENT_ID", "admin"), "OID_BOOTSTRAP_CLIENT_SECRET");
        assertRefused(minimal("OID_BOOTSTRAP_CLIENT_SECRET", "0123456789abcdef0123456789abcdef"), "OID_BOOTSTRAP_CLIENT_ID");
        assertRefused(minimal("OID_BOOTSTRAP_CLIENT_ID", "admin", "OID_BOOTSTRAP_CLIENT_SECRET", "short"), "OID_BOOTSTRAP_CLIENT_SECRET");
        assertRefused(minimal("OID_BOOTSTRAP_CLIENT_ID", "has space", "OID_BOOTSTRAP_CLIENT_SECRET", "0123456789abcdef0123456789abcdef"), "OID_BOOTSTRAP_CLIENT_ID");
    }

    @Test
    void secretsNeverAppearWhenTheConfigurationIsPrinted() {
        OidConfig config = load(minimal(
                "E2E_BYPASS_TOKEN", "bypass-value-123",
                "OID_BOOTSTRAP_CLIENT_ID", "admin",
                "OID_BOOTSTRAP_CLIENT_SECRET", "bootstrap-secret-0123456789abcdef"));

        assertThat(config.toString())
                .doesNotContain("bypass-value-123")
                .doesNotContain("bootstrap-secret-0123456789abcdef")
                .doesNotContain(":pw@");
    }

    @Test
    void sourcesAreAskedInOrderJndiThenSystemPropertyThenEnvironment() {
        ConfigSource jndi = ConfigSource.of(Map.of("JWT_AUDIENCE", "from-jndi"));
        ConfigSource properties = ConfigSource.of(Map.of("JWT_AUDIENCE", "from-property", "ACCESS_TOKEN_TTL_SECS", "120"));
        ConfigSource environment = ConfigSource.of(minimal("JWT_AUDIENCE", "from-env", "ACCESS_TOKEN_TTL_SECS", "999", "RATE_LIMIT_PER_MINUTE", "99"));

        OidConfig config = OidConfig.load(ConfigSource.chain(jndi, properties, environment), false);

        assertThat(config.audience()).isEqualTo("from-jndi");
        assertThat(config.accessTokenTtl()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.rateLimitPerMinute()).isEqualTo(99);
        assertThat(List.of(config.issuer().value())).containsExactly("https://oid.example.com");
    }

    @Test
    void readsTheLogFormatAndTheMetricsToken() {
        assertThat(load(minimal()).observability().logFormat()).isEqualTo(OidConfig.LogFormat.TEXT);
        assertThat(load(minimal()).observability().metricsToken()).isEmpty();
        assertThat(load(minimal("OID_LOG_FORMAT", "JSON")).observability().logFormat()).isEqualTo(OidConfig.LogFormat.JSON);
        assertThat(load(minimal("OID_LOG_FORMAT", "text")).observability().logFormat()).isEqualTo(OidConfig.LogFormat.TEXT);
        assertRefused(minimal("OID_LOG_FORMAT", "logfmt"), "OID_LOG_FORMAT");
        String token = "metrics-scrape-token-0123456789abcdef";
        assertThat(load(minimal("OID_METRICS_TOKEN", token)).observability().metricsToken())
                .hasValueSatisfying(secret -> assertThat(secret.matches(token)).isTrue());
        assertRefused(minimal("OID_METRICS_TOKEN", "short"), "OID_METRICS_TOKEN");
    }
}
