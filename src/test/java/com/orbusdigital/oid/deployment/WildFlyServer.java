package com.orbusdigital.oid.deployment;

import com.orbusdigital.oid.testing.StandaloneTomcat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * WildFly from its distribution (target/wildfly-*, unpacked by the build) as an operator runs it:
 * {@code bin/standalone.sh} with the stock {@code standalone.xml}, a server base directory of its own
 * ({@code jboss.server.base.dir}), the WAR as {@code deployments/ROOT.war}, OID configured by
 * environment variables only. Every socket the server opens is on 127.0.0.1 and a port chosen free
 * here (no port offset: the ports beside the offset one may be another session's).
 */
public final class WildFlyServer implements AppServer {

    /** The sockets whose ports standalone.xml reads from a system property, by that property. */
    private static final List<String> PORT_PROPERTIES = List.of("jboss.http.port", "jboss.https.port",
            "jboss.management.http.port", "jboss.management.https.port", "jboss.ajp.port");

    /**
     * The transaction manager's sockets, by binding, with the ports the stock standalone.xml fixes. Not
     * opened while OID runs (it uses no JTA), but moved to free ports all the same, should anything start
     * the recovery manager.
     */
    private static final Map<String, String> FIXED_PORTS = Map.of("txn-recovery-environment", "4712", "txn-status-manager", "4713");

    private final Path home = ServerDirectories.distribution("wildfly.home");
    private final Path base;
    /** By system property or socket binding name; chosen once, so both starts listen where the issuer says. */
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final ServerProcess process;

    /**
     * @param name the directory under target/ that becomes this server's base (configuration,
     *             deployments, data, log), made afresh from the distribution's {@code standalone/}
     * @param war  the artifact deployed as ROOT.war
     */
    public WildFlyServer(String name, Path war) throws IOException {
        this.base = Path.of("target", name).toAbsolutePath();
        for (String socket : Stream.concat(PORT_PROPERTIES.stream(), FIXED_PORTS.keySet().stream()).toList()) {
            int port;
            do {
                port = StandaloneTomcat.freePort();
            } while (ports.containsValue(port));
            ports.put(socket, port);
        }
        this.process = new ServerProcess(base.resolve("log/console.log"));
        prepareBase(war);
    }

    @Override
    public String name() {
        return "WildFly " + home.getFileName().toString().replace("wildfly-", "");
    }

    @Override
    public int port() {
        return ports.get("jboss.http.port");
    }

    @Override
    public void start(Map<String, String> oidEnvironment) throws IOException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base,
                "-Djboss.bind.address=127.0.0.1",
                "-Djboss.bind.address.management=127.0.0.1"));
        for (String property : PORT_PROPERTIES) {
            command.add("-D" + property + "=" + ports.get(property));
        }
        process.start(command, base, Map.of(
                // as WildFly's systemd unit runs it: the script relays SIGTERM to the server's JVM
                "LAUNCH_JBOSS_IN_BACKGROUND", "1",
                // the tests' small heap, as StandaloneTomcat's (standalone.conf would give -Xmx512m): WildFly and OID fit
                "JBOSS_JAVA_SIZING", "-Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"), oidEnvironment);
    }

    @Override
    public void stop() throws InterruptedException {
        process.stop();
    }

    /** The console: everything server.log holds, at the same level, the boot's first lines too. */
    @Override
    public List<String> logLines() {
        return process.logLines();
    }

    /**
     * The distribution's standalone/configuration with the transaction manager's sockets moved to free
     * ports, and nothing else changed: the welcome content keeps its location "/", which a deployment
     * at "/" takes over. The WAR goes to deployments/, where the scanner deploys it.
     */
    private void prepareBase(Path war) throws IOException {
        StandaloneTomcat.deleteRecursively(base);
        Path configuration = base.resolve("configuration");
        Files.createDirectories(configuration);
        Files.createDirectories(base.resolve("deployments"));
        try (Stream<Path> files = Files.list(home.resolve("standalone/configuration"))) {
            for (Path file : files.toList()) {
                Files.copy(file, configuration.resolve(file.getFileName()));
            }
        }
        Path standaloneXml = configuration.resolve("standalone.xml");
        String xml = Files.readString(standaloneXml, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> socket : FIXED_PORTS.entrySet()) {
            String binding = "<socket-binding name=\"" + socket.getKey() + "\" port=\"";
            xml = replaceOnce(xml, binding + socket.getValue() + "\"/>", binding + ports.get(socket.getKey()) + "\"/>");
        }
        Files.writeString(standaloneXml, xml, StandardCharsets.UTF_8);
        Files.copy(war, base.resolve("deployments/ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Fails when the stock configuration no longer reads as expected, rather than leaving it unchanged. */
    private String replaceOnce(String xml, String stock, String ours) {
        if (!xml.contains(stock)) {
            throw new IllegalStateException(home.resolve("standalone/configuration/standalone.xml") + " no longer contains " + stock);
        }
        return xml.replace(stock, ours);
    }
}
