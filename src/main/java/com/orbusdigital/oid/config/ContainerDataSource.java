package com.orbusdigital.oid.config;

import java.util.Optional;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/** The deployer's own pool, when the context defines {@code java:comp/env/jdbc/oid}. */
public final class ContainerDataSource {

    public static final String JNDI_NAME = "java:comp/env/jdbc/oid";

    private ContainerDataSource() {}

    public static Optional<DataSource> lookup() {
        try {
            return Optional.of((DataSource) new InitialContext().lookup(JNDI_NAME));
        } catch (NamingException | RuntimeException notDefined) {
            return Optional.empty();
        }
    }
}
