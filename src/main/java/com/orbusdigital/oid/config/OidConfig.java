package com.orbusdigital.oid.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.regex.Pattern;

/**
 * Every setting of OID, read once at start-up and validated, so a mistake stops the deployment
 * with one line naming the variable instead of surfacing later on a request. The runbook's
 * variable names are kept; settings added by OID are named OID_*.
 */
public record OidConfig(
        Issuer issuer,
        String audience,
        Duration accessTokenTtl,
        Database database,
        Events events,
        Level logLevel,
        Optional<String> environment,
        Optional<Secret> e2eBypassToken,
        int rateLimitPerMinute,
        RateLimitStore rateLimitStore,
        List<String> corsAllowedOrigins,
        Optional<BootstrapClient> bootstrapClient,
        int passwordMinLength,
        SignIn signIn,
        Duration housekeepingInterval,
        List<String> adminCorsAllowedOrigins,
        Duration keyRotationPeriod,
        Optional<Secret> keyEncryptionKey,
        TrustedProxies trustedProxies,
        Observability observability,
        String webauthnRpId,
        Mail mail) {

    /** Minimum length of an operator-chosen client secret: the fast secret hash is only sound for high-entropy secrets. */
    public static final int MIN_CONFIGURED_SECRET_LENGTH = 32;

    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern BROKER = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+):[0-9]{1,5}");
    private static final Pattern CLIENT_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");
    /** A domain name: labels of letters, digits and inner hyphens (localhost too). */
    private static final Pattern RP_ID = Pattern.compile("([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?");

    /**
     * @param url           DATABASE_URL, empty when the deployer supplies java:comp/env/jdbc/oid
     * @param schema        where OID's tables live (search_path of DATABASE_URL, default oid)
     * @param poolSize      OID_DB_POOL_SIZE
     * @param poolTimeout   OID_DB_POOL_TIMEOUT_MS: how long a request waits for a connection before failing fast
     */
    public record Database(Optional<DatabaseUrl> url, String schema, int poolSize, Duration poolTimeout) {}

    /** OID_RATE_LIMIT_STORE: where the per-IP counts live. */
    public enum RateLimitStore {
        /** Each replica counts on its own (N replicas let an address through N times the limit). */
        MEMORY,
        /** One count per address in PostgreSQL, shared by every replica. */
        POSTGRES
    }

    /** @param kafkaBrokers REDPANDA_BROKERS; empty means events stay on the in-memory bus */
    public record Events(Optional<String> kafkaBrokers, String topic) {}

    /** OID_BOOTSTRAP_CLIENT_ID/SECRET: the platform tenant's first administrator client. */
    public record BootstrapClient(String clientId, Secret secret) {}

    /**
     * How users sign in and how long what they get lives.
     *
     * @param requirePkce        OID_REQUIRE_PKCE: PKCE (S256) for confidential clients too; public clients always need it
     * @param sessionIdle        OID_SESSION_IDLE_SECS: a browser session unused this long ends
     * @param sessionMax         OID_SESSION_MAX_SECS: a browser session ends this long after sign-in, used or not
     * @param refreshIdle        OID_REFRESH_TOKEN_IDLE_SECS: a refresh token unused this long expires
     * @param refreshMax         OID_REFRESH_TOKEN_MAX_SECS: no refresh token of a sign-in outlives this
     * @param refreshReuseGrace  OID_REFRESH_REUSE_GRACE_SECS: a just-rotated refresh token still works this long
     *                           (for clients racing two requests); 0 = reuse always revokes the family
     * @param loginMaxFailures   OID_LOGIN_MAX_FAILURES: wrong passwords in a row before the account is locked
     */
    public record SignIn(boolean requirePkce, Duration sessionIdle, Duration sessionMax, Duration refreshIdle,
                         Duration refreshMax, Duration refreshReuseGrace, int loginMaxFailures) {}

    /**
     * How OID reports on itself.
     *
     * @param logFormat    OID_LOG_FORMAT: OID's log lines as one JSON object each, or as text
     * @param metricsToken OID_METRICS_TOKEN: the bearer token /metrics asks for; empty leaves /metrics open
     */
    public record Observability(LogFormat logFormat, Optional<Secret> metricsToken) {}

    /** OID_LOG_FORMAT. */
    public enum LogFormat { JSON, TEXT }

    public boolean isProduction() {
        return environment.map(env -> env.equalsIgnoreCase("production")).orElse(false);
    }

    /**
     * Reads and validates every setting.
     *
     * @param containerDataSource whether the deployer defined java:comp/env/jdbc/oid, which makes DATABASE_URL optional
     * @throws ConfigException naming the first variable that is missing or malformed
     */
    public static OidConfig load(ConfigSource source, boolean containerDataSource) {
        Settings settings = new Settings(source);
        Optional<String> environment = settings.optional("ODS_ENV");
        boolean production = environment.map(env -> env.equalsIgnoreCase("production")).orElse(false);

        Issuer issuer = Issuer.parse(settings.required("JWT_ISSUER", "https://oid.example.com"), production);
        String audience = settings.string("JWT_AUDIENCE", "ods-platform");
        Duration accessTokenTtl = Duration.ofSeconds(settings.integer("ACCESS_TOKEN_TTL_SECS", 3600, 60, 86_400));

        Optional<DatabaseUrl> databaseUrl = settings.optional("DATABASE_URL").map(DatabaseUrl::parse);
        if (databaseUrl.isEmpty() && !containerDataSource) {
            throw new ConfigException("DATABASE_URL",
                    "is required (e.g. postgres://ods:password@ods-postgres:5432/ods?search_path=oid), "
                            + "unless the deployer defines the DataSource java:comp/env/jdbc/oid");
        }
        Database database = new Database(databaseUrl,
                databaseUrl.map(DatabaseUrl::schema).orElse(DatabaseUrl.DEFAULT_SCHEMA),
                settings.integer("OID_DB_POOL_SIZE", 10, 1, 200),
                Duration.ofMillis(settings.integer("OID_DB_POOL_TIMEOUT_MS", 1000, 250, 60_000)));

        Optional<String> brokers = settings.optional("REDPANDA_BROKERS");
        brokers.ifPresent(list -> {
            for (String broker : list.split(",")) {
                if (!BROKER.matcher(broker.strip()).matches()) {
                    throw new ConfigException("REDPANDA_BROKERS", "must be a comma-separated list of host:port, got '" + list + "'");
                }
            }
        });
        String topic = settings.string("REDPANDA_TOPIC", "oid.events");
        if (!TOPIC.matcher(topic).matches()) {
            throw new ConfigException("REDPANDA_TOPIC", "must be a Kafka topic name ([A-Za-z0-9._-], at most 249 characters), got '" + topic + "'");
        }

        Level logLevel = logLevel(settings);

        Optional<Secret> e2eBypass = settings.optional("E2E_BYPASS_TOKEN").map(Secret::new);
        if (e2eBypass.isPresent() && production) {
            throw new ConfigException("E2E_BYPASS_TOKEN", "must not be set when ODS_ENV=production: it bypasses the rate limiter");
        }
        TrustedProxies trustedProxies = TrustedProxies.parse(settings.list(TrustedProxies.VARIABLE));
        int rateLimit = settings.integer("RATE_LIMIT_PER_MINUTE", 60, 1, 1_000_000);
        RateLimitStore rateLimitStore = rateLimitStore(settings);
        List<String> corsOrigins = origins("CORS_ALLOWED_ORIGINS", settings.list("CORS_ALLOWED_ORIGINS"),
                production ? "must list exact origins when ODS_ENV=production, not '*'" : null);
        List<String> adminCorsOrigins = origins("OID_ADMIN_CORS_ALLOWED_ORIGINS", settings.list("OID_ADMIN_CORS_ALLOWED_ORIGINS"),
                "must list exact origins, not '*': the admin API carries administrators' bearer tokens");

        return new OidConfig(issuer, audience, accessTokenTtl, database, new Events(brokers, topic), logLevel,
                environment, e2eBypass, rateLimit, rateLimitStore, corsOrigins, bootstrapClient(settings),
                settings.integer("OID_PASSWORD_MIN_LENGTH", 8, 8, 64), signIn(settings),
                Duration.ofSeconds(settings.integer("OID_HOUSEKEEPING_INTERVAL_SECS", 60, 1, 3600)), adminCorsOrigins,
                Duration.ofDays(settings.integer("OID_KEY_ROTATION_DAYS", 90, 1, 3650)),
                keyEncryptionKey(settings), trustedProxies, observability(settings), webauthnRpId(settings, issuer),
                mail(settings, issuer, topic));
    }

    // --- issue 17, email ---

    /**
     * Where OID's emails go.
     *
     * @param smtp             OID_SMTP_URL; empty: every message is published on {@code topic} for the
     *                         platform's notification service instead
     * @param requireStartTls  OID_SMTP_REQUIRE_STARTTLS: an smtp:// server that does not offer STARTTLS is refused
     * @param from             OID_SMTP_FROM: the From address, checked strictly (RFC 822, no CR or LF)
     * @param topic            OID_MAIL_TOPIC: the Kafka topic of the messages when there is no SMTP server; they carry
     *                         links, so it is never the events' topic
     */
    public record Mail(Optional<SmtpUrl> smtp, boolean requireStartTls, String from, String topic) {}

    private static Mail mail(Settings settings, Issuer issuer, String eventsTopic) {
        Optional<SmtpUrl> smtp = settings.optional("OID_SMTP_URL").map(SmtpUrl::parse);
        boolean requireStartTls = settings.bool("OID_SMTP_REQUIRE_STARTTLS", false);
        String from = settings.string("OID_SMTP_FROM", "no-reply@" + URI.create(issuer.value()).getHost());
        if (!MailAddresses.isValid(from)) {
            throw new ConfigException("OID_SMTP_FROM", "must be one email address such as OID <no-reply@example.com>, got '"
                    + from.replaceAll("[\\r\\n]", "?") + "'");
        }
        String topic = settings.string("OID_MAIL_TOPIC", "oid.mail");
        if (!TOPIC.matcher(topic).matches()) {
            throw new ConfigException("OID_MAIL_TOPIC", "must be a Kafka topic name ([A-Za-z0-9._-], at most 249 characters), got '" + topic + "'");
        }
        if (topic.equals(eventsTopic)) {
            throw new ConfigException("OID_MAIL_TOPIC", "must not be REDPANDA_TOPIC (" + eventsTopic
                    + "): messages carry links that must not reach every reader of the events");
        }
        return new Mail(smtp, requireStartTls, from, topic);
    }

    // --- end of issue 17, email ---

    // --- issue 16, passkeys: the WebAuthn relying party ---

    /**
     * OID_WEBAUTHN_RP_ID: the domain passkeys are bound to, the issuer's host by default. A parent
     * domain lets the passkeys outlive a move of OID between its subdomains; anything else would be
     * refused by every browser, so it stops the start instead.
     */
    private static String webauthnRpId(Settings settings, Issuer issuer) {
        String host = URI.create(issuer.value()).getHost().toLowerCase(Locale.ROOT);
        Optional<String> configured = settings.optional("OID_WEBAUTHN_RP_ID");
        if (configured.isEmpty()) {
            return host;
        }
        String rpId = configured.get().strip().toLowerCase(Locale.ROOT);
        if (!RP_ID.matcher(rpId).matches()) {
            throw new ConfigException("OID_WEBAUTHN_RP_ID", "must be a domain name such as example.com (no scheme, port or path), got '"
                    + configured.get() + "'");
        }
        if (!host.equals(rpId) && !host.endsWith("." + rpId)) {
            throw new ConfigException("OID_WEBAUTHN_RP_ID", "must be the issuer's host (" + host + ") or a parent domain of it, got '"
                    + configured.get() + "'");
        }
        return rpId;
    }

    // --- end of issue 16, passkeys ---

    private static Observability observability(Settings settings) {
        String format = settings.string("OID_LOG_FORMAT", "text");
        LogFormat logFormat = switch (format.toLowerCase(Locale.ROOT)) {
            case "json" -> LogFormat.JSON;
            case "text" -> LogFormat.TEXT;
            default -> throw new ConfigException("OID_LOG_FORMAT", "must be json or text, got '" + format + "'");
        };
        Optional<String> token = settings.optional("OID_METRICS_TOKEN");
        if (token.isPresent() && token.get().length() < MIN_CONFIGURED_SECRET_LENGTH) {
            throw new ConfigException("OID_METRICS_TOKEN", "must be at least " + MIN_CONFIGURED_SECRET_LENGTH
                    + " characters (e.g. the output of: openssl rand -base64 32)");
        }
        return new Observability(logFormat, token.map(Secret::new));
    }

    /** OID_KEY_ENCRYPTION_KEY: 32 random bytes in base64, the AES-256 key sealing the signing keys' private parts. */
    private static Optional<Secret> keyEncryptionKey(Settings settings) {
        Optional<String> raw = settings.optional("OID_KEY_ENCRYPTION_KEY");
        raw.ifPresent(value -> {
            byte[] key;
            try {
                key = java.util.Base64.getDecoder().decode(value.strip());
            } catch (IllegalArgumentException e) {
                key = new byte[0];
            }
            if (key.length != 32) {
                throw new ConfigException("OID_KEY_ENCRYPTION_KEY", "must be 32 random bytes in base64 (e.g. the output of: openssl rand -base64 32)");
            }
        });
        return raw.map(value -> new Secret(value.strip()));
    }

    private static RateLimitStore rateLimitStore(Settings settings) {
        String raw = settings.string("OID_RATE_LIMIT_STORE", "memory");
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "memory" -> RateLimitStore.MEMORY;
            case "postgres" -> RateLimitStore.POSTGRES;
            default -> throw new ConfigException("OID_RATE_LIMIT_STORE", "must be memory or postgres, got '" + raw + "'");
        };
    }

    private static SignIn signIn(Settings settings) {
        Duration sessionIdle = seconds(settings, "OID_SESSION_IDLE_SECS", 1800, 60, 2_592_000);
        Duration sessionMax = seconds(settings, "OID_SESSION_MAX_SECS", 36_000, 60, 31_536_000);
        if (sessionIdle.compareTo(sessionMax) > 0) {
            throw new ConfigException("OID_SESSION_IDLE_SECS", "must not exceed OID_SESSION_MAX_SECS (" + sessionMax.toSeconds() + ")");
        }
        Duration refreshIdle = seconds(settings, "OID_REFRESH_TOKEN_IDLE_SECS", 1_209_600, 60, 31_536_000);
        Duration refreshMax = seconds(settings, "OID_REFRESH_TOKEN_MAX_SECS", 2_592_000, 60, 31_536_000);
        if (refreshIdle.compareTo(refreshMax) > 0) {
            throw new ConfigException("OID_REFRESH_TOKEN_IDLE_SECS", "must not exceed OID_REFRESH_TOKEN_MAX_SECS (" + refreshMax.toSeconds() + ")");
        }
        return new SignIn(settings.bool("OID_REQUIRE_PKCE", true), sessionIdle, sessionMax, refreshIdle, refreshMax,
                seconds(settings, "OID_REFRESH_REUSE_GRACE_SECS", 0, 0, 60),
                settings.integer("OID_LOGIN_MAX_FAILURES", 10, 1, 1000));
    }

    private static Duration seconds(Settings settings, String name, int defaultValue, int min, int max) {
        return Duration.ofSeconds(settings.integer(name, defaultValue, min, max));
    }

    private static Level logLevel(Settings settings) {
        String variable = settings.optional("RUST_LOG").isPresent() ? "RUST_LOG" : "LOG_LEVEL";
        Optional<String> raw = settings.optional(variable);
        if (raw.isEmpty()) {
            return Level.INFO;
        }
        // RUST_LOG may be a directive list such as "info,actix_web=warn": the bare level is OID's
        String level = "info";
        for (String directive : raw.get().split(",")) {
            String d = directive.strip();
            if (!d.isEmpty() && !d.contains("=")) {
                level = d;
            }
        }
        return switch (level.toLowerCase(Locale.ROOT)) {
            case "trace" -> Level.FINEST;
            case "debug" -> Level.FINE;
            case "info" -> Level.INFO;
            case "warn", "warning" -> Level.WARNING;
            case "error" -> Level.SEVERE;
            case "off" -> Level.OFF;
            default -> throw new ConfigException(variable, "must be one of trace, debug, info, warn, error, off, got '" + raw.get() + "'");
        };
    }

    /**
     * Exact origins as browsers send them in the Origin header (RFC 6454 serialisation), since they are
     * compared as strings: scheme and host in lowercase, no default port, no path, not even "/".
     *
     * @param wildcardRefused why {@code *} is refused here, or null where it is allowed (alone)
     */
    private static List<String> origins(String variable, List<String> raw, String wildcardRefused) {
        if (raw.contains("*")) {
            if (wildcardRefused != null) {
                throw new ConfigException(variable, wildcardRefused);
            }
            if (raw.size() > 1) {
                throw new ConfigException(variable, "must be either '*' alone or a list of exact origins, got '" + String.join(",", raw) + "'");
            }
            return List.of("*");
        }
        List<String> origins = new ArrayList<>();
        for (String origin : raw) {
            try {
                URI uri = new URI(origin);
                String scheme = uri.getScheme();
                boolean valid = scheme != null && (scheme.equals("https") || scheme.equals("http"))
                        && uri.getHost() != null && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                        && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
                if (valid) {
                    boolean defaultPort = uri.getPort() == (scheme.equals("https") ? 443 : 80);
                    if (!origin.equals(origin.toLowerCase(Locale.ROOT)) || defaultPort) {
                        throw new ConfigException(variable, "must list origins exactly as browsers send them: lowercase, without the default port, e.g. '"
                                + new URI(scheme, null, uri.getHost().toLowerCase(Locale.ROOT), defaultPort ? -1 : uri.getPort(), null, null, null)
                                + "', got '" + origin + "'");
                    }
                    origins.add(origin);
                    continue;
                }
            } catch (URISyntaxException ignored) {
                // reported below
            }
            throw new ConfigException(variable,
                    "must be a comma-separated list of origins such as https://app.example.com (scheme, host, optional port; no path), got '" + origin + "'");
        }
        return List.copyOf(origins);
    }

    private static Optional<BootstrapClient> bootstrapClient(Settings settings) {
        Optional<String> id = settings.optional("OID_BOOTSTRAP_CLIENT_ID");
        Optional<String> secret = settings.optional("OID_BOOTSTRAP_CLIENT_SECRET");
        if (id.isEmpty() && secret.isEmpty()) {
            return Optional.empty();
        }
        if (id.isEmpty()) {
            throw new ConfigException("OID_BOOTSTRAP_CLIENT_ID", "is required when OID_BOOTSTRAP_CLIENT_SECRET is set");
        }
        if (secret.isEmpty()) {
            throw new ConfigException("OID_BOOTSTRAP_CLIENT_SECRET", "is required when OID_BOOTSTRAP_CLIENT_ID is set");
        }
        if (!CLIENT_ID.matcher(id.get()).matches()) {
            throw new ConfigException("OID_BOOTSTRAP_CLIENT_ID", "must be 1 to 128 visible ASCII characters without spaces");
        }
        if (secret.get().length() < MIN_CONFIGURED_SECRET_LENGTH) {
            throw new ConfigException("OID_BOOTSTRAP_CLIENT_SECRET", "must be at least " + MIN_CONFIGURED_SECRET_LENGTH
                    + " characters (e.g. the output of: openssl rand -base64 32)");
        }
        return Optional.of(new BootstrapClient(id.get(), new Secret(secret.get())));
    }
}
