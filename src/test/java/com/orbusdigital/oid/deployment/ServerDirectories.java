package com.orbusdigital.oid.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** The file work of setting up a server of one's own from a pristine distribution under target/. */
final class ServerDirectories {

    private ServerDirectories() {
    }

    /** Copies the tree {@code from} to {@code to}, which must not exist yet. */
    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path path : walk.toList()) {
                Files.copy(path, to.resolve(from.relativize(path).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    /** The server's console, then one of its log files (none until the server has written it), decoded leniently. */
    static List<String> logLines(ServerProcess console, Path logFile) {
        try {
            List<String> file = Files.exists(logFile)
                    ? new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).lines().toList() : List.of();
            return Stream.concat(console.logLines().stream(), file.stream()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A distribution unpacked by the build, named by a system property the pom sets. */
    static Path distribution(String property) {
        String home = System.getProperty(property);
        if (home == null || !Files.isDirectory(Path.of(home))) {
            throw new IllegalStateException(property + " must name an unpacked distribution (the pom unpacks it in pre-integration-test); got " + home);
        }
        return Path.of(home).toAbsolutePath();
    }

    /** The artifact for full Jakarta EE servers, target/oid-ee.war unless {@code oid.ee.war} names another. */
    static Path eeWar() {
        Path war = Path.of(System.getProperty("oid.ee.war", "target/oid-ee.war")).toAbsolutePath();
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException("no WAR at " + war + " (oid.ee.war)");
        }
        return war;
    }
}
