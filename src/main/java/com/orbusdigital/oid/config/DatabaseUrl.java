package com.orbusdigital.oid.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * DATABASE_URL, parsed. Accepts the runbook's libpq form
 * {@code postgres://user:password@host:port/db?search_path=oid&sslmode=require} (also
 * {@code postgresql://}, percent-encoded user and password) and a plain JDBC URL
 * {@code jdbc:postgresql://host:port/db?currentSchema=oid}. Error messages never repeat the input:
 * it may hold a password.
 *
 * @param jdbcUrl the URL handed to the driver, without credentials for the libpq form
 * @param host    host name, for log lines such as "PostgreSQL at host:port unreachable"
 * @param schema  the first schema of search_path/currentSchema, where OID's tables live
 * @param driverProperties user, password and the translated parameters, for the driver
 */
public record DatabaseUrl(String jdbcUrl, String host, int port, String database, String schema,
                          Optional<String> user, Map<String, String> driverProperties) {

    public static final String DEFAULT_SCHEMA = "oid";
    private static final String VARIABLE = "DATABASE_URL";
    private static final Pattern SCHEMA = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");
    private static final Pattern DATABASE = Pattern.compile("[^/?#\\s]{1,63}");
    /** libpq query parameters we understand, and the pgjdbc property each becomes. */
    private static final Map<String, String> LIBPQ_TO_PGJDBC = Map.of(
            "search_path", "currentSchema",
            "sslmode", "sslmode",
            "sslrootcert", "sslrootcert",
            "sslcert", "sslcert",
            "sslkey", "sslkey",
            "application_name", "ApplicationName",
            "connect_timeout", "connectTimeout");
    private static final Set<String> SSL_MODES =
            Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    public DatabaseUrl {
        driverProperties = Map.copyOf(driverProperties);
    }

    public static DatabaseUrl parse(String raw) {
        String value = raw.strip();
        if (value.startsWith("jdbc:postgresql://")) {
            return parseJdbc(value);
        }
        if (value.startsWith("postgres://") || value.startsWith("postgresql://")) {
            return parseLibpq(value);
        }
        throw new ConfigException(VARIABLE,
                "must start with postgres://, postgresql:// or jdbc:postgresql:// "
                        + "(e.g. postgres://ods:password@ods-postgres:5432/ods?search_path=oid)");
    }

    private static DatabaseUrl parseLibpq(String value) {
        URI uri = toUri(value);
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw new ConfigException(VARIABLE, "has no host (expected postgres://user:password@host:port/db)");
        }
        UrlCredentials credentials = UrlCredentials.split(authority, VARIABLE);
        Optional<String> user = credentials.user();
        Optional<String> password = credentials.password();
        HostPort hostPort = HostPort.parse(credentials.hostPort());
        String database = database(uri.getRawPath());
        Map<String, String> params = query(uri.getRawQuery());

        Map<String, String> properties = new LinkedHashMap<>();
        user.ifPresent(u -> properties.put("user", u));
        password.ifPresent(p -> properties.put("password", p));
        for (Map.Entry<String, String> param : params.entrySet()) {
            String pgjdbc = LIBPQ_TO_PGJDBC.get(param.getKey());
            if (pgjdbc == null) {
                throw new ConfigException(VARIABLE, "has unsupported parameter '" + param.getKey()
                        + "' (supported: " + String.join(", ", LIBPQ_TO_PGJDBC.keySet().stream().sorted().toList()) + ")");
            }
            properties.put(pgjdbc, param.getValue());
        }
        String sslmode = properties.get("sslmode");
        if (sslmode != null && !SSL_MODES.contains(sslmode)) {
            throw new ConfigException(VARIABLE, "has sslmode '" + sslmode + "'; expected one of " + SSL_MODES.stream().sorted().toList());
        }
        String schema = schema(properties.get("currentSchema"));
        properties.put("currentSchema", properties.getOrDefault("currentSchema", schema));
        String jdbcUrl = "jdbc:postgresql://" + hostPort.forUrl() + "/" + database;
        return new DatabaseUrl(jdbcUrl, hostPort.host(), hostPort.port(), database, schema, user, properties);
    }

    private static DatabaseUrl parseJdbc(String value) {
        URI uri = toUri(value.substring("jdbc:".length()));
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw new ConfigException(VARIABLE, "has no host (expected jdbc:postgresql://host:port/db)");
        }
        if (authority.contains("@")) {
            throw new ConfigException(VARIABLE, "jdbc:postgresql:// URLs take credentials as ?user=&password= parameters, not user@host");
        }
        HostPort hostPort = HostPort.parse(authority);
        String database = database(uri.getRawPath());
        Map<String, String> params = query(uri.getRawQuery());
        Map<String, String> properties = new LinkedHashMap<>();
        String schema = schema(params.get("currentSchema"));
        if (!params.containsKey("currentSchema")) {
            properties.put("currentSchema", schema);
        }
        return new DatabaseUrl(value, hostPort.host(), hostPort.port(), database, schema,
                Optional.ofNullable(params.get("user")), properties);
    }

    /** Properties for {@code Driver.connect}; holds the password. */
    public Properties toDriverProperties() {
        Properties properties = new Properties();
        properties.putAll(driverProperties);
        return properties;
    }

    /** "host:port", safe to log. */
    public String address() {
        return HostPort.format(host, port);
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + address() + "/" + database + ", schema=" + schema
                + user.map(u -> ", user=" + u).orElse("") + "]";
    }

    private static URI toUri(String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            // e.getMessage() repeats the input, which may contain the password: say where, not what
            throw new ConfigException(VARIABLE, "is not a valid URL (bad character at index " + e.getIndex()
                    + "; percent-encode special characters in the user name and password)");
        }
    }

    private static String decode(String raw, String what) {
        return UrlCredentials.decode(raw, what, VARIABLE);
    }

    private static String database(String rawPath) {
        if (rawPath == null || rawPath.length() <= 1) {
            throw new ConfigException(VARIABLE, "names no database (expected .../ods after host:port)");
        }
        String database = decode(rawPath.substring(1), "database name");
        if (!DATABASE.matcher(database).matches()) {
            throw new ConfigException(VARIABLE, "has an invalid database name");
        }
        return database;
    }

    private static String schema(String searchPath) {
        if (searchPath == null) {
            return DEFAULT_SCHEMA;
        }
        String first = searchPath.split(",", -1)[0].strip();
        if (!SCHEMA.matcher(first).matches()) {
            throw new ConfigException(VARIABLE, "has search_path '" + first + "', which is not a plain schema name");
        }
        return first;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq >= 0 ? pair.substring(0, eq) : pair, "query");
            String value = eq >= 0 ? decode(pair.substring(eq + 1), "query") : "";
            if (params.put(name, value) != null) {
                throw new ConfigException(VARIABLE, "repeats the parameter '" + name + "'");
            }
        }
        return params;
    }

    private record HostPort(String host, int port) {

        static HostPort parse(String authority) {
            String host;
            String port = null;
            if (authority.startsWith("[")) {
                int close = authority.indexOf(']');
                if (close < 0) {
                    throw new ConfigException(VARIABLE, "has an unterminated IPv6 address");
                }
                host = authority.substring(1, close);
                String rest = authority.substring(close + 1);
                if (rest.startsWith(":")) {
                    port = rest.substring(1);
                } else if (!rest.isEmpty()) {
                    throw new ConfigException(VARIABLE, "has an invalid host");
                }
            } else {
                int colon = authority.lastIndexOf(':');
                host = colon >= 0 ? authority.substring(0, colon) : authority;
                port = colon >= 0 ? authority.substring(colon + 1) : null;
            }
            if (host.isEmpty() || host.contains(",")) {
                throw new ConfigException(VARIABLE, host.isEmpty() ? "has no host" : "names several hosts; give one");
            }
            return new HostPort(host, port == null || port.isEmpty() ? 5432 : port(port));
        }

        private static int port(String value) {
            try {
                int port = Integer.parseInt(value);
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            // the value is not repeated: a mistyped URL can put part of the password where the port goes
            throw new ConfigException(VARIABLE, "has an invalid port; expected a number from 1 to 65535");
        }

        String forUrl() {
            return format(host, port);
        }

        static String format(String host, int port) {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
