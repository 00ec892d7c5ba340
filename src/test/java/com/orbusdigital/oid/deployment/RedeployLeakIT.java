package com.orbusdigital.oid.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.RelyingParty;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestPostgres;
import com.sun.tools.attach.VirtualMachine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;

/**
 * OID reloaded three times in a stock Tomcat (a new webapp class loader each time, as on every
 * redeploy) leaves no copy of itself behind: once the undeployed copies' last threads have ended
 * (JNA's cleaner lingers 30 s) the Tomcat JVM holds one webapp class loader, the running one.
 * Counted as the heap holds them after a full GC (the JVM's own class histogram, over JMX).
 */
class RedeployLeakIT {

    private static final String CLIENT_ID = "redeploy-admin";
    private static final String SECRET = "redeploy-bootstrap-secret-0123456789abc";
    private static final String WEBAPP_LOADER = "org.apache.catalina.loader.ParallelWebappClassLoader";
    private static final int RELOADS = 3;

    @Test
    void reloadedCopiesOfOidAreCollected() throws Exception {
        try (TestPostgres postgres = TestPostgres.start(StandaloneTomcat.freePort())) {
            StandaloneTomcat tomcat = new StandaloneTomcat("redeploy", Map.of(
                    "DATABASE_URL", postgres.databaseUrl(),
                    "JWT_AUDIENCE", "redeploy-audience",
                    "OID_BOOTSTRAP_CLIENT_ID", CLIENT_ID,
                    "OID_BOOTSTRAP_CLIENT_SECRET", SECRET));
            try (tomcat) {
                tomcat.environmentAlso("JWT_ISSUER", tomcat.issuer());
                tomcat.start();
                Http.awaitReady(tomcat.base(), Duration.ofSeconds(120));
                try (JMXConnector jmx = attach(tomcat.pid())) {
                    MBeanServerConnection server = jmx.getMBeanServerConnection();
                    ObjectName root = new ObjectName("Catalina:j2eeType=WebModule,name=//localhost/,J2EEApplication=none,J2EEServer=none");
                    assertThat(webappLoaders(server)).isEqualTo(1);
                    for (int i = 0; i < RELOADS; i++) {
                        signsATokenAfterItsStart(tomcat);
                        server.invoke(root, "reload", null, null);
                        Http.awaitReady(tomcat.base(), Duration.ofSeconds(120));
                    }
                    signsATokenAfterItsStart(tomcat);

                    // each count runs a full GC; a stopped loader may need two (JNA's finalizer) after its threads end
                    List<Long> counts = new ArrayList<>();
                    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                    do {
                        Thread.sleep(2_000);
                        counts.add(webappLoaders(server));
                    } while (counts.get(counts.size() - 1) > 1 && System.nanoTime() < deadline);
                    assertThat(counts.get(counts.size() - 1))
                            .as("webapp class loaders in the Tomcat JVM after %d reloads, counted every 2 s: %s", RELOADS, counts)
                            .isEqualTo(1);
                }
            }
        }
    }

    /** A token signed by the running copy: the signing provider (ACCP) and its threads are in use. */
    private static void signsATokenAfterItsStart(StandaloneTomcat tomcat) throws Exception {
        assertThat(new RelyingParty(tomcat.issuer(), "redeploy-audience").clientCredentials(CLIENT_ID, SECRET, null).indicatesSuccess()).isTrue();
    }

    private static JMXConnector attach(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            return JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
        } finally {
            vm.detach();
        }
    }

    /** Instances of Tomcat's webapp class loader alive after a full GC (GC.class_histogram runs one). */
    private static long webappLoaders(MBeanServerConnection server) throws Exception {
        String histogram = (String) server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
        return histogram.lines()
                .map(String::trim)
                .filter(line -> line.endsWith(" " + WEBAPP_LOADER))
                .mapToLong(line -> Long.parseLong(line.split("\\s+")[1]))
                .sum();
    }
}
