package com.orbusdigital.oid.bench;

import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.UserAgent;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * bench/run's load for the stateful scenarios wrk cannot drive: each of CONNS workers is one
 * browser (its own cookies and connections) looping for a bounded time.
 * <ul>
 *   <li>{@code code}: signed in once, then GET /authorize (answered from the session with a code)
 *       and POST /token; the exchange is what is timed and counted;</li>
 * </ul>
 * Prints one line: {@code requests=N errors=N seconds=S p50=ms p99=ms p999=ms server_cpu=s client_cpu=s},
 * all of the measured phase only (after the warm-up, in which every worker signs in once). An
 * error is any answer other than 2xx/3xx, or a failed connection.
 *
 * <p>The refresh scenario runs in wrk (bench/wrk/refresh.lua), as cheap a client as the peers get;
 * {@code LoadGenerator refresh-tokens <n> [scope]} signs in n times and prints the n refresh tokens it starts from.
 * So does password sign-in (bench/wrk/login.lua): {@code LoadGenerator login-forms <n>} opens n login
 * pages, each in a browser of its own, and prints for each the form's target, the cookies and the
 * filled-in form, which wrk then posts once each. {@code LoadGenerator passkey-forms <n>} does the same for
 * a sign-in by passkey ({@code passkey-forms <n> <authenticator file>}, see {@link PasskeyForms}).
 *
 * <p>Usage: {@code LoadGenerator code <seconds> <warm-up seconds> <workers>},
 * with BASE, TOMCAT_PID, PUBLIC_CLIENT_ID, USERNAME, PASSWORD, REDIRECT_URI in the environment (bench/run
 * sources them from the server's file).
 */
public final class LoadGenerator {

    private static final long TICKS_PER_SECOND = 100; // USER_HZ of Linux's /proc/<pid>/stat

    private final SignIn signIn;
    private final String scenario;
    private volatile Histogram latencies = histogram();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    private LoadGenerator(SignIn signIn, String scenario) {
        this.signIn = signIn;
        this.scenario = scenario;
    }

    /** One browser: its cookies and connections, kept from warm-up to measurement. */
    private static final class Worker {
        final UserAgent agent = new UserAgent();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        SignIn signIn = new SignIn(env.get("BASE"), env.get("PUBLIC_CLIENT_ID"), env.get("USERNAME"), env.get("PASSWORD"),
                env.get("REDIRECT_URI"));
        if (args[0].equals("login-forms")) {
            // a login page each, in a browser of its own: the form's target, the cookies, the filled-in form
            for (int i = 0; i < Integer.parseInt(args[1]); i++) {
                UserAgent agent = new UserAgent();
                Http.Response page = signIn.authorize(agent, signIn.request());
                Map<String, String> fields = new java.util.LinkedHashMap<>(UserAgent.hiddenFields(page.body()));
                fields.put("username", env.get("USERNAME"));
                fields.put("password", env.get("PASSWORD"));
                java.net.URI action = java.net.URI.create(UserAgent.formAction(page.body()));
                System.out.println(action.getRawPath() + (action.getRawQuery() == null ? "" : "?" + action.getRawQuery())
                        + "\t" + agent.cookieHeader() + "\t" + UserAgent.encode(fields));
            }
            return;
        }
        if (args[0].equals("passkey-forms")) {
            // the same lines for a sign-in by passkey: /login/passkey/sign-in, the cookies, the form with the assertion
            // args[2]: the file that keeps the load generator's authenticator from one run to the next
            new PasskeyForms(signIn, Path.of(args[2])).print(Integer.parseInt(args[1]), System.out);
            return;
        }
        if (args[0].equals("refresh-tokens")) {
            // one family each, from a sign-in in a browser of its own; args[2]: the scope, when not SignInScenario's
            SignIn family = args.length > 2 ? signIn.withScope(args[2]) : signIn;
            for (int i = 0; i < Integer.parseInt(args[1]); i++) {
                System.out.println(family.tokens(new UserAgent()).path("refresh_token").asText());
            }
            return;
        }
        LoadGenerator load = new LoadGenerator(signIn, args[0]);
        double seconds = Double.parseDouble(args[1]);
        double warmup = Double.parseDouble(args[2]);
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < Integer.parseInt(args[3]); i++) {
            workers.add(new Worker());
        }
        load.run(Math.max(warmup, 0.5), workers); // at least one round: the workers sign in during warm-up
        load.reset();
        Path server = Path.of("/proc", env.get("TOMCAT_PID"), "stat");
        long serverTicks = cpuTicks(server);
        long ownNanos = processCpuNanos();
        long started = System.nanoTime();
        load.run(seconds, workers);
        double elapsed = (System.nanoTime() - started) / 1e9;
        double serverCpu = (cpuTicks(server) - serverTicks) / (double) TICKS_PER_SECOND;
        double ownCpu = (processCpuNanos() - ownNanos) / 1e9;
        Histogram h = load.latencies;
        System.out.printf(Locale.ROOT, "requests=%d errors=%d seconds=%.2f p50=%.2f p99=%.2f p999=%.2f server_cpu=%.2f client_cpu=%.2f%n",
                load.requests.get(), load.errors.get(), elapsed, h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0, serverCpu, ownCpu);
    }

    /** utime + stime of a process, in clock ticks. */
    private static long cpuTicks(Path stat) throws java.io.IOException {
        String line = Files.readString(stat);
        // fields after the command name, which is in parentheses and may contain spaces
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Histogram histogram() {
        return new ConcurrentHistogram(60_000_000L, 3); // microseconds, up to a minute
    }

    private void reset() {
        latencies = histogram();
        errors.set(0);
        requests.set(0);
    }

    private void run(double seconds, List<Worker> workers) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        for (Worker worker : workers) {
            Thread thread = new Thread(() -> work(worker, deadline), "load-" + threads.size());
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private void work(Worker worker, long deadline) {
        UserAgent agent = worker.agent;
        while (System.nanoTime() < deadline) {
            try {
                switch (scenario) {
                    case "code" -> {
                        if (agent.cookie("oid_session").isEmpty()) {
                            signIn.tokens(agent);
                        }
                        Map<String, String> request = signIn.request();
                        String code = SignIn.code(signIn.authorize(agent, request));
                        if (code == null) {
                            errors.incrementAndGet();
                            agent.forgetCookies();
                            continue;
                        }
                        long t0 = System.nanoTime();
                        record(t0, signIn.exchange(code, request));
                    }
                    default -> throw new IllegalArgumentException("unknown scenario " + scenario + " (code)");
                }
            } catch (IllegalArgumentException unknown) {
                throw unknown;
            } catch (RuntimeException failed) {
                // a refused connection, a timeout, a failed sign-in: counted, and the worker starts over
                errors.incrementAndGet();
                agent.forgetCookies();
            }
        }
    }

    /** Counts the answer; true when it was 2xx or 3xx. */
    private boolean record(long startedNanos, Http.Response answer) {
        latencies.recordValue(Math.max(1, (System.nanoTime() - startedNanos) / 1000));
        requests.incrementAndGet();
        if (answer.status() >= 400) {
            errors.incrementAndGet();
            return false;
        }
        return true;
    }
}
