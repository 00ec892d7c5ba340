package com.orbusdigital.oid.persistence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.flywaydb.core.api.ClassProvider;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * OID's migrations as Flyway reads them: the files {@value #INDEX} names, each loaded by name from
 * the class path. Flyway's own search lists the db/migration directory through the class loader,
 * which not every server's can do (Open Liberty's finds nothing, and a fresh database would stay
 * empty); loading a resource by its name every class loader can. MigrationsTest keeps the list
 * equal to the directory.
 */
final class Migrations implements ResourceProvider {

    static final String INDEX = "db/migrations.txt";
    static final String DIRECTORY = "db/migration";
    /** OID has only SQL migrations. */
    static final ClassProvider<JavaMigration> NO_JAVA_MIGRATIONS = List::of;

    private final List<LoadableResource> migrations;

    Migrations(ClassLoader loader) {
        this.migrations = listed(loader).stream()
                .map(name -> {
                    URL url = loader.getResource(DIRECTORY + "/" + name);
                    if (url == null) {
                        throw new IllegalStateException(INDEX + " names " + name + ", which is not in " + DIRECTORY);
                    }
                    return (LoadableResource) new Migration(name, url);
                })
                .toList();
    }

    /** The file names in {@value #INDEX}, without its comments and blank lines. */
    static List<String> listed(ClassLoader loader) {
        try (InputStream index = loader.getResourceAsStream(INDEX)) {
            if (index == null) {
                throw new IllegalStateException(INDEX + " is missing from the class path");
            }
            return new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8)).lines()
                    .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException unreadable) {
            throw new UncheckedIOException("could not read " + INDEX, unreadable);
        }
    }

    @Override
    public LoadableResource getResource(String name) {
        return migrations.stream().filter(migration -> migration.getRelativePath().equals(name)).findFirst().orElse(null);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        return migrations.stream()
                .filter(migration -> migration.getFilename().startsWith(prefix)
                        && Arrays.stream(suffixes).anyMatch(migration.getFilename()::endsWith))
                .toList();
    }

    /**
     * One migration, read from the URL its loader gave for its name (Flyway's own class-path
     * resource asks the loader again, by listing). Its relative path is its file name, as Flyway's
     * search gave it: the script name recorded in flyway_schema_history stays the same.
     */
    private static final class Migration extends LoadableResource {

        private final String name;
        private final URL url;

        Migration(String name, URL url) {
            this.name = name;
            this.url = url;
        }

        @Override
        public Reader read() {
            try {
                return new InputStreamReader(url.openStream(), StandardCharsets.UTF_8);
            } catch (IOException unreadable) {
                throw new UncheckedIOException("could not read the migration " + name, unreadable);
            }
        }

        @Override
        public String getAbsolutePath() {
            return DIRECTORY + "/" + name;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return url.getPath();
        }

        @Override
        public String getFilename() {
            return name;
        }

        @Override
        public String getRelativePath() {
            return name;
        }
    }
}
