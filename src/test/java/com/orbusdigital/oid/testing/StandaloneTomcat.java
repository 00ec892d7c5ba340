package com.orbusdigital.oid.testing;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A stock Tomcat 10.1 started the way an operator starts it: {@code catalina.sh run} from the real
 * distribution, with the container image's configuration (tomcat-config), target/oid.war as
 * ROOT.war and OID configured by environment variables only. Stopped with SIGTERM, like a container.
 */
public final class StandaloneTomcat implements AutoCloseable {

    private final Path base;
    private final int port;
    private final Map<String, String> environment;
    private final boolean localRun;
    private boolean truncatingLog;
    private Process process;

    /** For tests: output to logs/console.log, a small heap. */
    public StandaloneTomcat(String name, Map<String, String> environment) throws IOException {
        this(Path.of("target", "standalone-" + name), freePort(), environment, false);
    }

    /**
     * @param localRun whether this is the local run, for a person: the image's JVM options rather than
     *                 a test's small heap. Tomcat's output goes to logs/console.log either way (see
     *                 {@link #followLog}).
     */
    public StandaloneTomcat(Path base, int port, Map<String, String> environment, boolean localRun) throws IOException {
        this.base = base.toAbsolutePath();
        this.port = port;
        this.environment = new java.util.HashMap<>(environment);
        this.localRun = localRun;
        prepareBase();
    }

    /**
     * OID started as ROOT with its issuer on this Tomcat's own port, and ready; stopped again if it
     * never gets ready, so a failed start leaves no process behind.
     */
    public static StandaloneTomcat startOid(String name, Map<String, String> environment) throws IOException, InterruptedException {
        StandaloneTomcat tomcat = new StandaloneTomcat(name, environment);
        try {
            tomcat.environmentAlso("JWT_ISSUER", tomcat.issuer());
            tomcat.start();
            Http.awaitReady(tomcat.base(), Duration.ofSeconds(120));
            return tomcat;
        } catch (IOException | RuntimeException | Error failure) {
            tomcat.close();
            throw failure;
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a variable for the next start (e.g. JWT_ISSUER, which depends on the chosen port). */
    public void environmentAlso(String name, String value) {
        environment.put(name, value);
    }

    /** Writes the webapp's own context file, conf/Catalina/localhost/ROOT.xml, as a deployer would. */
    public void contextFile(String xml) throws IOException {
        Path file = base.resolve("conf/Catalina/localhost/ROOT.xml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, xml, StandardCharsets.UTF_8);
    }

    /** Copies a jar into CATALINA_BASE/lib, the container's class path (e.g. a JDBC driver for a container pool). */
    public void addLibrary(Path jar) throws IOException {
        Files.createDirectories(base.resolve("lib"));
        Files.copy(jar, base.resolve("lib").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * From the next start, logs/console.log is opened as a shell's {@code > file 2>&1} opens it:
     * emptied, and not for appending (the default appends, as {@code >>} does).
     */
    public void truncatingLog() {
        truncatingLog = true;
    }

    public int port() {
        return port;
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** What OID's issuer must be when Tomcat serves it as ROOT on this port. */
    public String issuer() {
        return "http://127.0.0.1:" + port;
    }

    public synchronized void start() throws IOException {
        Path home = tomcatHome();
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/catalina.sh").toString(), "run")
                .redirectErrorStream(true)
                .redirectOutput(truncatingLog ? ProcessBuilder.Redirect.to(log().toFile()) : ProcessBuilder.Redirect.appendTo(log().toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("OID_") || key.startsWith("JWT_") || key.equals("DATABASE_URL")
                || key.startsWith("REDPANDA_") || key.equals("CATALINA_OPTS") || key.equals("JAVA_OPTS"));
        env.put("CATALINA_HOME", home.toString());
        env.put("CATALINA_BASE", base.toString());
        env.put("CATALINA_PID", base.resolve("tomcat.pid").toString());
        env.put("HOST", "127.0.0.1");
        env.put("PORT", Integer.toString(port));
        // the image's default is json; people (the local run) and the older tests' log assertions read text
        env.put("OID_LOG_FORMAT", "text");
        if (!localRun) {
            env.put("OID_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        }
        env.putAll(environment);
        process = builder.start();
    }

    /** The Tomcat JVM's process id (catalina.sh run execs java), e.g. to read its CPU time from /proc. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("not started");
        }
        return process.pid();
    }

    /** SIGTERM, as a container runtime sends it; Tomcat shuts down cleanly. */
    public synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        process = null;
    }

    public Path log() {
        return base.resolve("logs/console.log");
    }

    public List<String> logLines() {
        try {
            return Files.exists(log()) ? Files.readAllLines(log(), StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies to {@code out}, on a daemon thread, what Tomcat writes to logs/console.log from now on:
     * the local run shows the log below its banner, and the start-up before it only on failure.
     */
    public void followLog(PrintStream out) {
        Thread follower = new Thread(() -> {
            try (RandomAccessFile file = new RandomAccessFile(log().toFile(), "r")) {
                file.seek(file.length());
                byte[] buffer = new byte[8192];
                while (!Thread.currentThread().isInterrupted()) {
                    int read = file.read(buffer);
                    if (read > 0) {
                        out.write(buffer, 0, read);
                        out.flush();
                    } else {
                        Thread.sleep(200);
                    }
                }
            } catch (IOException | InterruptedException stopped) {
                // the JVM is ending
            }
        }, "tomcat-log-follower");
        follower.setDaemon(true);
        follower.start();
    }

    /** Waits until a log line contains {@code text}. */
    public String awaitLog(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : logLines()) {
                if (line.contains(text)) {
                    return line;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no log line containing '" + text + "' within " + timeout + "; log:\n" + String.join("\n", logLines()));
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static Path tomcatHome() {
        return Path.of(System.getProperty("tomcat.home"));
    }

    private void prepareBase() throws IOException {
        Path home = tomcatHome();
        Path config = Path.of(System.getProperty("oid.tomcat.config", "tomcat-config"));
        deleteRecursively(base);
        for (String dir : new String[] {"conf", "bin", "logs", "temp", "work", "webapps"}) {
            Files.createDirectories(base.resolve(dir));
        }
        Files.copy(home.resolve("conf/web.xml"), base.resolve("conf/web.xml"));
        Files.copy(home.resolve("conf/catalina.properties"), base.resolve("conf/catalina.properties"));
        for (String file : new String[] {"server.xml", "context.xml", "logging.properties", "logging-json.properties", "error.html"}) {
            Files.copy(config.resolve("conf").resolve(file), base.resolve("conf").resolve(file));
        }
        Files.copy(config.resolve("bin/setenv.sh"), base.resolve("bin/setenv.sh"));
        Files.copy(Path.of(System.getProperty("oid.war", "target/oid.war")), base.resolve("webapps/ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
