package com.orbusdigital.oid.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Migration V12 on a database where, before the platform's role names were reserved, a tenant made
 * itself an {@code oid-admin} role and gave it to a client: the role is renamed out of the reserved
 * prefix and its holder keeps it; the platform tenant's own {@code oid-admin} stays.
 */
class ReservedRoleNamesMigrationIT {

    @Test
    void aTenantsOwnPlatformRoleNamesAreRenamedAndThePlatformKeepsItsOwn() throws Exception {
        try (TestPostgres postgres = TestPostgres.start(StandaloneTomcat.freePort())) {
            flyway(postgres).target("11").load().migrate();
            UUID platform = tenant(postgres, "platform");
            UUID acme = tenant(postgres, "acme");
            UUID platformAdmin = role(postgres, platform, "oid-admin");
            UUID impostor = role(postgres, acme, "oid-admin");
            UUID shouting = role(postgres, acme, "OID-Auditor");
            UUID ordinary = role(postgres, acme, "billing");
            UUID client = UUID.randomUUID();
            execute(postgres, "INSERT INTO clients (id, tenant_id, client_id, name, type, secret_hash) VALUES (?, ?, 'acme.svc', 'Svc', "
                    + "'confidential', 'x')", client, acme);
            execute(postgres, "INSERT INTO client_roles (client_id, role_id) VALUES (?, ?)", client, impostor);

            flyway(postgres).load().migrate();

            assertThat(name(postgres, platformAdmin)).isEqualTo("oid-admin");
            assertThat(name(postgres, impostor)).isEqualTo("was-" + impostor.toString().substring(0, 8) + "-oid-admin");
            assertThat(name(postgres, shouting)).isEqualTo("was-" + shouting.toString().substring(0, 8) + "-OID-Auditor");
            assertThat(name(postgres, ordinary)).isEqualTo("billing");
            assertThat(clientRoles(postgres, client)).containsExactly("was-" + impostor.toString().substring(0, 8) + "-oid-admin");
        }
    }

    private static FluentConfiguration flyway(TestPostgres postgres) {
        return Flyway.configure()
                .dataSource("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + TestPostgres.DATABASE, TestPostgres.USER,
                        TestPostgres.PASSWORD)
                .schemas("oid")
                .createSchemas(true)
                .locations("classpath:db/migration");
    }

    private static UUID tenant(TestPostgres postgres, String slug) throws SQLException {
        UUID id = UUID.randomUUID();
        execute(postgres, "INSERT INTO tenants (id, slug, name) VALUES (?, ?, ?)", id, slug, slug);
        return id;
    }

    private static UUID role(TestPostgres postgres, UUID tenant, String name) throws SQLException {
        UUID id = UUID.randomUUID();
        execute(postgres, "INSERT INTO roles (id, tenant_id, name) VALUES (?, ?, ?)", id, tenant, name);
        return id;
    }

    private static void execute(TestPostgres postgres, String sql, Object... parameters) throws SQLException {
        try (Connection connection = postgres.connect(); PreparedStatement update = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            update.executeUpdate();
        }
    }

    private static String name(TestPostgres postgres, UUID role) throws SQLException {
        List<String> names = query(postgres, "SELECT name FROM roles WHERE id = ?", role);
        assertThat(names).hasSize(1);
        return names.get(0);
    }

    private static List<String> clientRoles(TestPostgres postgres, UUID client) throws SQLException {
        return query(postgres, "SELECT r.name FROM client_roles cr JOIN roles r ON r.id = cr.role_id WHERE cr.client_id = ?", client);
    }

    private static List<String> query(TestPostgres postgres, String sql, UUID parameter) throws SQLException {
        try (Connection connection = postgres.connect(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, parameter);
            List<String> values = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }
}
