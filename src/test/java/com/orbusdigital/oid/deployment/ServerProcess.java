package com.orbusdigital.oid.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One server's process as its start script runs it: the test JVM's environment without OID's own
 * variables, plus the server's and OID's; output appended to one log file; stopped with SIGTERM (the
 * way a container runtime or systemd stops it), forcibly only when it does not end in time.
 * What {@link AppServer} implementations share; each says which script, directory and variables.
 */
public final class ServerProcess {

    private final Path log;
    private Process process;

    public ServerProcess(Path log) {
        this.log = log.toAbsolutePath();
    }

    /**
     * Starts {@code command} in {@code directory} with the server's variables, then OID's, added to
     * the test JVM's environment (where any OID_, JWT_, DATABASE_URL, REDPANDA_ variable, and the
     * JVM options a developer may have set, are dropped first).
     */
    public synchronized void start(List<String> command, Path directory, Map<String, String> serverEnvironment,
            Map<String, String> oidEnvironment) throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running: " + command);
        }
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(key -> key.startsWith("OID_") || key.startsWith("JWT_") || key.equals("DATABASE_URL")
                || key.startsWith("REDPANDA_") || key.equals("JAVA_OPTS") || key.equals("JAVA_TOOL_OPTIONS")
                || key.equals("CATALINA_OPTS") || key.equals("JETTY_BASE") || key.equals("JBOSS_HOME"));
        environment.putAll(serverEnvironment);
        environment.putAll(oidEnvironment);
        process = builder.start();
    }

    /** The running process's id (for reading /proc, or a message). */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("not started");
        }
        return process.pid();
    }

    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    /**
     * SIGTERM to the process, then to what it started that is still alive (start scripts that do
     * not exec leave the server JVM as a child), waiting for each to end.
     */
    public synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        family.add(0, process.toHandle());
        for (ProcessHandle member : family) {
            member.destroy();
        }
        for (ProcessHandle member : family) {
            try {
                member.onExit().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException stuck) {
                member.destroyForcibly();
                try {
                    member.onExit().get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException gone) {
                    throw new IllegalStateException("process " + member.pid() + " did not end", gone);
                }
            }
        }
        process = null;
    }

    public Path log() {
        return log;
    }

    public List<String> logLines() {
        try {
            // decoded leniently: a server may write its own encoding
            return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
