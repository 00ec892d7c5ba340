package com.orbusdigital.oid.deployment;

import com.orbusdigital.oid.testing.StandaloneTomcat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Jetty 12 from its jetty-home distribution, as docs/servers/jetty.md sets it up: a JETTY_BASE made
 * by start.jar itself with only the modules OID needs, the HTTP connector on 127.0.0.1 and a free
 * port, oid.war as webapps/ROOT.war, started with {@code java -jar $JETTY_HOME/start.jar} in it.
 */
public final class JettyServer implements AppServer {

    /**
     * What OID needs: HTTP; deploying WARs from webapps/ in the ee10 environment (Servlet 6);
     * ee10-annotations, without which Jetty runs no ServletContainerInitializer and the WAR's Weld
     * never starts; and ee10-cdi, which starts no CDI of its own but hides Jetty's CDI API (which
     * ee10-annotations puts on the server's class path) from the webapp, so CDI.current() finds the
     * WAR's Weld: without it OID fails with "Unable to locate CDIProvider".
     */
    static final String MODULES = "http,ee10-deploy,ee10-annotations,ee10-cdi";

    /** A test's JVM: small, quick to start, enough for OID. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final Path home;
    private final Path base;
    private final int port;
    private final ServerProcess process;

    /** Makes a fresh JETTY_BASE at {@code base} (deleting what was there) with {@code war} as ROOT.war. */
    public JettyServer(Path home, Path base, Path war) throws IOException, InterruptedException {
        this.home = home.toAbsolutePath();
        this.base = base.toAbsolutePath();
        this.port = StandaloneTomcat.freePort();
        this.process = new ServerProcess(this.base.resolve("logs/console.log"));
        StandaloneTomcat.deleteRecursively(this.base);
        Files.createDirectories(this.base);
        startJar("--add-modules=" + MODULES);
        startJar("--update-ini", "jetty.http.host=127.0.0.1", "jetty.http.port=" + port);
        // Jetty unpacks the WAR here rather than in /tmp
        Files.createDirectories(this.base.resolve("work"));
        Files.copy(war, this.base.resolve("webapps/ROOT.war"));
    }

    /** "Jetty 12.0.31": the version of the distribution's directory name, jetty-home-12.0.31. */
    @Override
    public String name() {
        return "Jetty " + home.getFileName().toString().replace("jetty-home-", "");
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void start(Map<String, String> oidEnvironment) throws IOException {
        process.start(java(List.of()), base, Map.of(), oidEnvironment);
    }

    @Override
    public void stop() throws InterruptedException {
        process.stop();
    }

    @Override
    public List<String> logLines() {
        return process.logLines();
    }

    /** Runs start.jar in JETTY_BASE with {@code arguments} (setting the base up), to its end. */
    private void startJar(String... arguments) throws IOException, InterruptedException {
        Process setup = new ProcessBuilder(java(List.of(arguments))).directory(base.toFile()).redirectErrorStream(true).start();
        String output = new String(setup.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (setup.waitFor() != 0) {
            throw new IllegalStateException("start.jar " + String.join(" ", arguments) + " failed:\n" + output);
        }
    }

    private List<String> java(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-jar");
        command.add(home.resolve("start.jar").toString());
        command.addAll(arguments);
        return command;
    }
}
