package com.orbusdigital.oid.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Where a setting's raw value comes from. The standard chain asks, in order: the webapp's JNDI
 * environment ({@code java:comp/env/NAME}, e.g. an {@code <Environment>} in the deployer's
 * context.xml), then a Java system property, then the process environment. The most specific
 * place wins: a JNDI entry belongs to this one webapp, a system property to this JVM, an
 * environment variable to the whole process.
 */
@FunctionalInterface
public interface ConfigSource {

    /** The raw value, or empty when this source does not define the name. */
    Optional<String> get(String name);

    /** JNDI, then system property, then environment variable. */
    static ConfigSource standard() {
        return chain(jndi(), systemProperties(), environment());
    }

    static ConfigSource chain(ConfigSource... sources) {
        List<ConfigSource> ordered = List.of(sources);
        return name -> {
            for (ConfigSource source : ordered) {
                Optional<String> value = source.get(name);
                if (value.isPresent()) {
                    return value;
                }
            }
            return Optional.empty();
        };
    }

    static ConfigSource of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return name -> Optional.ofNullable(copy.get(name));
    }

    static ConfigSource environment() {
        return name -> Optional.ofNullable(System.getenv(name));
    }

    static ConfigSource systemProperties() {
        return name -> Optional.ofNullable(System.getProperty(name));
    }

    /** The webapp's {@code java:comp/env}; empty when there is no naming context (unit tests, plain JVM). */
    static ConfigSource jndi() {
        Context env;
        try {
            env = (Context) new InitialContext().lookup("java:comp/env");
        } catch (NamingException | RuntimeException noNaming) {
            return name -> Optional.empty();
        }
        return name -> {
            try {
                Object value = env.lookup(name);
                return value == null ? Optional.empty() : Optional.of(value.toString());
            } catch (NamingException notBound) {
                return Optional.empty();
            }
        };
    }
}
