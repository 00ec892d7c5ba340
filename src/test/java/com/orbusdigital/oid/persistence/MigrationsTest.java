package com.orbusdigital.oid.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.api.resource.LoadableResource;
import org.junit.jupiter.api.Test;

/** Flyway finds OID's migrations by name, on a server whose class loader cannot list a directory. */
class MigrationsTest {

    private static final Path SOURCES = Path.of("src/main/resources/db/migration");

    /** Answers a resource only when asked for it by its full name, like Open Liberty's loader: no directory, no listing. */
    private static final class ByNameOnly extends ClassLoader {

        ByNameOnly() {
            super(null);
        }

        @Override
        public URL getResource(String name) {
            URL found = MigrationsTest.class.getClassLoader().getResource(name);
            return found != null && !found.getPath().endsWith("/") && !name.endsWith("db/migration") ? found : null;
        }

        @Override
        public Enumeration<URL> getResources(String name) {
            return Collections.emptyEnumeration();
        }
    }

    @Test
    void theIndexNamesEveryMigrationInTheDirectoryInVersionOrder() throws IOException {
        List<String> present;
        try (Stream<Path> files = Files.list(SOURCES)) {
            present = files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".sql")).toList();
        }

        List<String> listed = Migrations.listed(getClass().getClassLoader());

        assertThat(listed).as("src/main/resources/" + Migrations.INDEX + " must name every migration: add the new one there")
                .containsExactlyInAnyOrderElementsOf(present);
        assertThat(listed).extracting(MigrationsTest::version).isSorted();
    }

    @Test
    void everyMigrationIsFoundAndReadByNameWithoutListingTheDirectory() throws IOException {
        ClassLoader byNameOnly = new ByNameOnly();
        assertThat(byNameOnly.getResources("db/migration").hasMoreElements()).isFalse();

        Migrations migrations = new Migrations(byNameOnly);

        List<LoadableResource> versioned = List.copyOf(migrations.getResources("V", new String[] {".sql"}));
        assertThat(versioned).extracting(LoadableResource::getFilename)
                .containsExactlyInAnyOrderElementsOf(Migrations.listed(getClass().getClassLoader()));
        // the script name Flyway records in flyway_schema_history, as its own search gave it
        assertThat(versioned).extracting(LoadableResource::getRelativePath).contains("V1__identity_schema.sql");
        for (LoadableResource migration : versioned) {
            assertThat(Files.readString(SOURCES.resolve(migration.getFilename()))).isEqualTo(read(migration));
        }
        assertThat(migrations.getResources("R", new String[] {".sql"})).isEmpty();
        assertThat(migrations.getResources("beforeMigrate", new String[] {".sql"})).isEmpty();
    }

    @Test
    void aListedMigrationThatIsMissingStopsTheStartUp() {
        ClassLoader withoutV2 = new ClassLoader(getClass().getClassLoader()) {
            @Override
            public URL getResource(String name) {
                return name.endsWith("V2__event_outbox.sql") ? null : super.getResource(name);
            }
        };

        assertThatThrownBy(() -> new Migrations(withoutV2)).hasMessageContaining("V2__event_outbox.sql");
    }

    private static int version(String name) {
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    private static String read(LoadableResource resource) throws IOException {
        try (Reader reader = resource.read()) {
            StringWriter text = new StringWriter();
            reader.transferTo(text);
            return text.toString();
        }
    }
}
