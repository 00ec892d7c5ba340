package com.orbusdigital.oid.testing;

import com.orbusdigital.oid.deployment.AppServer;
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
 * A stock Tomcat started the way an operator starts it: {@code catalina.sh run} from the real
 * distribution, target/oid.war as ROOT.war and OID configured by environment variables only.
 * Stopped with SIGTERM, like a container. Its configuration is the container image's
 * (tomcat-config), which the tests of OID's behaviour use, or the distribution's own as a platform
 * team's Tomcat has it ({@link #stock}).
 */
public final class StandaloneTomcat implements AppServer {

    /** A test's JVM: small, quick to start, enough for OID. */
    private static final String SMALL_HEAP = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    /** Which conf/ CATALINA_BASE gets. */
    private enum Configuration {
        /** tomcat-config: the image's server.xml (HOST and PORT), setenv.sh, logging and error page. */
        IMAGE,
        /**
         * The distribution's conf/ as it ships, the connector's port changed (and bound to 127.0.0.1),
         * the shutdown port disabled; its logging writes Tomcat's files in logs/ besides the console.
         */
        STOCK
    }

    private final Path home;
    private final Configuration configuration;
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
        this(Path.of(System.getProperty("tomcat.home")), Configuration.IMAGE, base, port, environment, localRun);
    }

    private StandaloneTomcat(Path home, Configuration configuration, Path base, int port, Map<String, String> environment,
            boolean localRun) throws IOException {
        this.home = home.toAbsolutePath();
        this.configuration = configuration;
        this.base = base.toAbsolutePath();
        this.port = port;
        this.environment = new java.util.HashMap<>(environment);
        this.localRun = localRun;
        if (configuration == Configuration.STOCK) {
            prepareStockBase();
        } else {
            prepareBase();
        }
    }

    /**
     * The distribution at {@code home} as a platform team runs it: its own conf/ with only the HTTP
     * port changed, in a CATALINA_BASE of its own under target/ (so its webapps/ holds OID's ROOT.war
     * and nothing else), a test's small heap; OID's environment comes with {@link #start(Map)}.
     */
    public static StandaloneTomcat stock(String name, Path home) throws IOException {
        return new StandaloneTomcat(home, Configuration.STOCK, Path.of("target", "stock-" + name), freePort(), Map.of(), false);
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

    /** "Tomcat 10.1.60": the version of the distribution's directory name, apache-tomcat-10.1.60. */
    @Override
    public String name() {
        return "Tomcat " + home.getFileName().toString().replace("apache-tomcat-", "");
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public URI base() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** What OID's issuer must be when Tomcat serves it as ROOT on this port. */
    @Override
    public String issuer() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts with {@code oidEnvironment} added to the variables given so far (they stay for a restart). */
    @Override
    public synchronized void start(Map<String, String> oidEnvironment) throws IOException {
        environment.putAll(oidEnvironment);
        start();
    }

    public synchronized void start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/catalina.sh").toString(), "run")
                .redirectErrorStream(true)
                .redirectOutput(truncatingLog ? ProcessBuilder.Redirect.to(log().toFile()) : ProcessBuilder.Redirect.appendTo(log().toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("OID_") || key.startsWith("JWT_") || key.equals("DATABASE_URL")
                || key.startsWith("REDPANDA_") || key.equals("CATALINA_OPTS") || key.equals("JAVA_OPTS"));
        env.put("CATALINA_HOME", home.toString());
        env.put("CATALINA_BASE", base.toString());
        if (configuration == Configuration.STOCK) {
            // no setenv.sh: the JVM options as an operator gives them to catalina.sh
            env.put("CATALINA_OPTS", SMALL_HEAP);
        } else {
            env.put("CATALINA_PID", base.resolve("tomcat.pid").toString());
            env.put("HOST", "127.0.0.1");
            env.put("PORT", Integer.toString(port));
            // the image's default is json; people (the local run) and the older tests' log assertions read text
            env.put("OID_LOG_FORMAT", "text");
            if (!localRun) {
                env.put("OID_JAVA_OPTS", SMALL_HEAP);
            }
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
    @Override
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

    /**
     * logs/console.log; with the stock configuration followed by the files Tomcat's own logging
     * writes beside it (catalina.*.log, and localhost.*.log, where a webapp's failed start is told).
     */
    @Override
    public List<String> logLines() {
        try {
            List<String> lines = new java.util.ArrayList<>(Files.exists(log()) ? Files.readAllLines(log(), StandardCharsets.UTF_8) : List.of());
            if (configuration == Configuration.STOCK) {
                try (Stream<Path> files = Files.list(log().getParent())) {
                    for (Path file : files.filter(file -> !file.equals(log())).sorted().toList()) {
                        lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
                    }
                }
            }
            return lines;
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

    private void prepareBase() throws IOException {
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

    /** CATALINA_BASE with the distribution's conf/, edited as an operator edits it, and OID as ROOT.war. */
    private void prepareStockBase() throws IOException {
        deleteRecursively(base);
        for (String dir : new String[] {"conf", "logs", "temp", "work", "webapps"}) {
            Files.createDirectories(base.resolve(dir));
        }
        try (Stream<Path> files = Files.list(home.resolve("conf"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, base.resolve("conf").resolve(file.getFileName()));
            }
        }
        Path serverXml = base.resolve("conf/server.xml");
        String stock = Files.readString(serverXml, StandardCharsets.UTF_8);
        String edited = replaceOnce(replaceOnce(stock, "<Server port=\"8005\"", "<Server port=\"-1\""),
                "<Connector port=\"8080\"", "<Connector address=\"127.0.0.1\" port=\"" + port + "\"");
        Files.writeString(serverXml, edited, StandardCharsets.UTF_8);
        Files.copy(Path.of(System.getProperty("oid.war", "target/oid.war")), base.resolve("webapps/ROOT.war"));
    }

    /** {@code text} with the first {@code stock} replaced; the distribution's server.xml must have it. */
    private String replaceOnce(String text, String stock, String replacement) {
        int at = text.indexOf(stock);
        if (at < 0) {
            throw new IllegalStateException(home.resolve("conf/server.xml") + " has no " + stock);
        }
        return text.substring(0, at) + replacement + text.substring(at + stock.length());
    }

    /** Deletes {@code path} and all below it, if it exists (a server's base from an earlier run). */
    public static void deleteRecursively(Path path) throws IOException {
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
