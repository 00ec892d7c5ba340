package com.orbusdigital.oid.testing;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The OID Arquillian deployed for an {@link OidIT} class, ready to answer: its root (the deployment
 * is ROOT, so the root is the issuer's), its issuer, and the clients the tests use to prepare their
 * data. {@link Extension} sets a test class's field of this type before each test.
 */
public record RunningOid(URI root, String issuer) {

    /** Generous: the first deployment of a run migrates the database and makes the signing key. */
    private static final Duration READINESS = Duration.ofSeconds(90);

    /** The issuer TestInfrastructure configured the Arquillian Tomcat with, from the port it binds. */
    static RunningOid configured() {
        String issuer = System.getProperty("oid.it.issuer");
        return new RunningOid(URI.create(issuer + "/"), issuer);
    }

    public URI resolve(String path) {
        return root.resolve(path);
    }

    /** Writes tenants, clients and users straight into the database OID runs on. */
    public Fixtures fixtures() {
        return new Fixtures(TestInfrastructure.postgres());
    }

    /** The admin API as the platform's administrator (the bootstrap client). */
    public AdminClient platformAdmin() {
        return AdminClient.platformAdmin(root);
    }

    /**
     * Waits once per class for the deployment to be ready, then hands it to each test instance. A
     * field rather than a parameter: ArquillianExtension resolves parameters too, and its
     * {@code supportsParameter} throws rather than declines when it holds none for the invocation.
     */
    public static final class Extension implements BeforeAllCallback, BeforeEachCallback {

        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RunningOid.class);

        @Override
        public void beforeAll(ExtensionContext context) {
            RunningOid oid = configured();
            Http.awaitReady(oid.root(), READINESS);
            context.getStore(NAMESPACE).put(RunningOid.class, oid);
        }

        @Override
        public void beforeEach(ExtensionContext context) throws IllegalAccessException {
            RunningOid oid = context.getStore(NAMESPACE).get(RunningOid.class, RunningOid.class);
            Object test = context.getRequiredTestInstance();
            for (Class<?> type = test.getClass(); type != Object.class; type = type.getSuperclass()) {
                for (Field field : type.getDeclaredFields()) {
                    if (field.getType() == RunningOid.class && !Modifier.isStatic(field.getModifiers())) {
                        field.setAccessible(true);
                        field.set(test, oid);
                    }
                }
            }
        }
    }
}
