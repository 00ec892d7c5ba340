package com.orbusdigital.oid.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The two artifacts one {@code mvn package} builds (the WARs exist only after it, hence an IT that
 * starts nothing): oid.war for servlet containers, carrying Weld; oid-ee.war for full Jakarta EE
 * servers, which bring their own CDI, holding exactly the same files without Weld's jars, plus every
 * file of src/main/ee-webapp (WildFly's descriptors among them), which oid.war never holds.
 */
class ArtifactsIT {

    /** weld-servlet-core and the jars only it brings (mvn dependency:tree -Dverbose), the APIs the server has too. */
    private static final String WELD_JARS = "WEB-INF/lib/(weld-.*|jboss-classfilewriter|jboss-logging-processor|jboss-logging-annotations"
            + "|jdeparser|jakarta\\.enterprise\\.cdi-api|jakarta\\.enterprise\\.lang-model|jakarta\\.interceptor-api|jakarta\\.el-api)-[^/]*\\.jar";

    /** Jakarta Mail and its implementation (issue 17, email): a full Jakarta EE server has its own. */
    private static final String MAIL_JARS = "WEB-INF/lib/(jakarta\\.mail-api|angus-.*)-[^/]*\\.jar";

    private static final Path EE_WEBAPP = Path.of("src/main/ee-webapp");

    @Test
    void theFullServerArtifactIsTheServletOneWithoutWeldAndWithTheServersDescriptors() throws IOException {
        Map<String, Long> servlet = entries(Path.of(System.getProperty("oid.war")));
        Map<String, Long> ee = entries(Path.of(System.getProperty("oid.ee.war")));
        Map<String, Long> eeWebapp = eeWebappFiles();

        assertThat(servlet.keySet()).as("oid.war carries Weld").anyMatch(name -> name.matches("WEB-INF/lib/weld-servlet-core-.*\\.jar"));
        assertThat(servlet.entrySet()).as("oid.war holds no file of src/main/ee-webapp").doesNotContainAnyElementsOf(eeWebapp.entrySet());
        assertThat(ee.keySet()).as("oid-ee.war carries no CDI container").noneMatch(name -> name.matches(WELD_JARS));
        assertThat(servlet.keySet()).as("oid.war carries Jakarta Mail").anyMatch(name -> name.matches(MAIL_JARS));
        assertThat(ee.keySet()).as("oid-ee.war leaves Jakarta Mail to the server").noneMatch(name -> name.matches(MAIL_JARS));
        assertThat(eeWebapp).containsKey("WEB-INF/jboss-deployment-structure.xml");

        Map<String, Long> expected = new TreeMap<>(servlet);
        expected.keySet().removeIf(name -> name.matches(WELD_JARS) || name.matches(MAIL_JARS));
        expected.putAll(eeWebapp);
        // every other file the same, byte for byte (by CRC): same classes, same libraries, same webapp
        assertThat(files(ee)).isEqualTo(files(expected));
    }

    /** Name to CRC-32 of each entry of a WAR. */
    private static Map<String, Long> entries(Path war) throws IOException {
        try (ZipFile zip = new ZipFile(war.toFile())) {
            return zip.stream().collect(Collectors.toMap(ZipEntry::getName, ZipEntry::getCrc, (a, b) -> a, TreeMap::new));
        }
    }

    private static Map<String, Long> eeWebappFiles() throws IOException {
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(EE_WEBAPP)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                CRC32 crc = new CRC32();
                crc.update(Files.readAllBytes(file));
                files.put(EE_WEBAPP.relativize(file).toString().replace('\\', '/'), crc.getValue());
            }
        }
        return files;
    }

    /** Without the directories' entries, which carry nothing (and src/main/ee-webapp lists none). */
    private static Map<String, Long> files(Map<String, Long> entries) {
        Map<String, Long> files = new TreeMap<>(entries);
        files.keySet().removeIf(name -> name.endsWith("/"));
        return files;
    }
}
