package com.orbusdigital.oid.deployment;

import com.orbusdigital.oid.testing.StandaloneTomcat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Open Liberty with oid-ee.war, as docs/servers/liberty.md deploys it: a server of its own in a user
 * directory under target/ (WLP_USER_DIR), configured by src/test/liberty/server.xml (the few features
 * OID needs, none that would take over its REST or persistence; HTTP on 127.0.0.1 only, no HTTPS
 * port; the WAR at "/"), OID's settings in the environment of {@code server run}, which the server's
 * JVM inherits. Liberty's command port, for {@code server stop}, is an ephemeral one it picks itself.
 */
public final class LibertyServer implements AppServer {

    private static final String SERVER = "oid";

    private final Path home;
    private final Path userDirectory;
    private final Path server;
    private final int port = StandaloneTomcat.freePort();
    private final ServerProcess process;

    /** A user directory under target/liberty-{name} with one server, holding {@code war} as its application. */
    public LibertyServer(String name, Path war) throws Exception {
        this.home = ServerDirectories.distribution("liberty.home");
        this.userDirectory = Path.of("target", "liberty-" + name).toAbsolutePath();
        StandaloneTomcat.deleteRecursively(userDirectory);
        this.server = userDirectory.resolve("servers").resolve(SERVER);
        Files.createDirectories(server.resolve("apps"));
        Files.copy(Path.of(System.getProperty("oid.liberty.config", "src/test/liberty"), "server.xml"), server.resolve("server.xml"));
        Files.writeString(server.resolve("bootstrap.properties"), "oid.http.port=" + port + "\n", StandardCharsets.UTF_8);
        // the heap every server's JVM gets in the tests (as StandaloneTomcat gives Tomcat's)
        Files.writeString(server.resolve("jvm.options"), "-Xmx256m\n-XX:+UseSerialGC\n-XX:TieredStopAtLevel=1\n", StandardCharsets.UTF_8);
        Files.copy(war, server.resolve("apps/oid-ee.war"));
        this.process = new ServerProcess(userDirectory.resolve("console.log"));
    }

    @Override
    public String name() {
        return "Open Liberty " + System.getProperty("liberty.version", "");
    }

    @Override
    public int port() {
        return port;
    }

    /** {@code server run} keeps the server in the foreground, writing to its console. */
    @Override
    public void start(Map<String, String> oidEnvironment) throws Exception {
        process.start(List.of(home.resolve("bin/server").toString(), "run", SERVER), userDirectory,
                Map.of("WLP_USER_DIR", userDirectory.toString()), oidEnvironment);
    }

    /** SIGTERM to the script and the server's JVM, waiting until both have ended. */
    @Override
    public void stop() throws Exception {
        process.stop();
    }

    /** The console, then messages.log (which has the INFO lines the console leaves out). */
    @Override
    public List<String> logLines() {
        return ServerDirectories.logLines(process, server.resolve("logs/messages.log"));
    }
}
