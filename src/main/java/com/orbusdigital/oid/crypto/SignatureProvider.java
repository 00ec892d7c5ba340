package com.orbusdigital.oid.crypto;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JCA provider that computes OID's RS256 signatures: Amazon Corretto Crypto Provider (AWS-LC,
 * native; about 2.7 times the JDK's RSA-2048 signing rate on x86-64 Linux) when it loads and its
 * self-tests pass, otherwise the JDK's own. Signing is the bulk of a token request's CPU, so this
 * sets the token endpoints' ceiling. Signing goes through it, and the one verification that is hot:
 * a passkey's ES256 assertion ({@link #provider()}); every other verification stays with the JDK.
 *
 * <p>ACCP is loaded once per JVM and then shared. It starts a native cleanup thread that never
 * ends, which keeps whatever class loader loaded it: loaded by the webapp, every redeploy would
 * leave a whole copy of OID in memory (a test Tomcat that redeploys thirty times ends in garbage
 * collection). So the WAR carries ACCP's jar as a resource ({@link #JAR}), not in WEB-INF/lib; the
 * first deployment copies it out and loads it in a class loader of its own whose parent is the
 * JDK's platform loader (ACCP needs nothing else), initializes it where neither the stack nor the
 * thread carries anything of the webapp ({@link #callWithoutWebappFrames}), and appends the provider to {@link Security}'s list (never first: nothing else in the
 * JVM changes provider). It is never removed: later deployments, and other OID webapps in the same
 * JVM, find it there and use it as it is — as they use an ACCP the JVM itself installed
 * (java.security). Whatever fails on the way (another OS or CPU, a self-test) leaves the JDK
 * signing, logged, never a failed deployment.
 */
@ApplicationScoped
public class SignatureProvider {

    private static final Logger LOG = LoggerFactory.getLogger(SignatureProvider.class);
    private static final String JDK = "the JDK's default provider";
    /** ACCP's provider name, under which jose4j asks {@link Security} for it. */
    static final String ACCP = "AmazonCorrettoCryptoProvider";
    /** ACCP's jar, put among OID's classes by the build (pom.xml, execution accp-as-resource). */
    static final String JAR = "accp.jar";
    private static final String ACCP_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";

    private volatile String description = JDK;
    /** The provider that signs when it is not the JDK's, for {@link #forSigning}. */
    private volatile Provider provider;

    public SignatureProvider() {
        // the CDI proxy uses this too: the choice is made in start(), never in a proxy
    }

    @PostConstruct
    void start() {
        use(ACCP, SignatureProvider::correttoCryptoProvider);
    }

    /** Chosen at start-up, not at the first token, so the log says at once which provider signs. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // nothing to do: being notified created the bean
    }

    /**
     * Signs through the provider registered as {@code name} when there is one (it is used as it is),
     * else through {@code candidate}'s, registered for the rest of the JVM's life, when that yields a
     * working one, otherwise through the JDK's. A candidate reports a provider it cannot use by
     * throwing, including the {@link LinkageError}s a native library throws when it will not load.
     */
    void use(String name, Callable<Provider> candidate) {
        Provider registered;
        // Security's own lock: two webapps deploying at once must not both load and add one
        synchronized (Security.class) {
            registered = Security.getProvider(name);
            if (registered == null) {
                try {
                    registered = candidate.call();
                } catch (Exception | LinkageError unavailable) {
                    LOG.info("RS256 signatures by {}: Amazon Corretto Crypto Provider is unavailable ({})", JDK, unavailable.toString());
                    return;
                }
                Security.addProvider(registered);
            }
        }
        provider = registered;
        description = registered.getName() + " " + registered.getVersionStr();
        LOG.info("RS256 signatures by {}", description);
    }

    /** What signs with {@code key} (the key as read, converted here once) from now on. */
    public Rs256Signer signer(String kid, PrivateKey key) {
        return new Rs256Signer(kid, forSigning(key), provider);
    }

    /**
     * The key as the signing provider holds it, to be made once per key and kept. Given a JDK key,
     * ACCP converts it to a native one at every {@code initSign}, and a fresh native key also redoes
     * its Montgomery and blinding set-up at its first signature (what that cost: docs/operations.md,
     * Signing provider).
     * The JDK's own keys are answered as they are, and so is a key the provider will not take.
     */
    public PrivateKey forSigning(PrivateKey key) {
        Provider chosen = provider;
        if (chosen == null) {
            return key;
        }
        try {
            return (PrivateKey) KeyFactory.getInstance(key.getAlgorithm(), chosen).translateKey(key);
        } catch (GeneralSecurityException | RuntimeException refused) {
            LOG.warn("{} would not take a {} signing key ({}): it is converted at every signature instead",
                    description, key.getAlgorithm(), refused.toString());
            return key;
        }
    }

    /** The provider chosen at start-up when it is not the JDK's (ACCP), asked for by name by whoever uses it. */
    public Optional<Provider> provider() {
        return Optional.ofNullable(provider);
    }

    /** Which provider signs, for logs and benchmarks, e.g. {@code AmazonCorrettoCryptoProvider 2.5.0}. */
    public String description() {
        return description;
    }

    /**
     * ACCP from the jar among OID's classes, in a class loader of its own, when its native library
     * loads there and its self-tests pass; throws otherwise. Reflection, since none of its classes
     * may come from the webapp's loader.
     */
    static Provider correttoCryptoProvider() throws Exception {
        URL jar = SignatureProvider.class.getResource(JAR);
        if (jar == null) {
            throw new IllegalStateException(JAR + " is not among OID's classes");
        }
        // a copy of its own: the webapp's files go away at undeploy, the loader stays
        Path copy = Files.createTempFile("oid-accp-", ".jar");
        copy.toFile().deleteOnExit();
        try (InputStream in = jar.openStream()) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        MethodHandle newLoader = MethodHandles.publicLookup().findConstructor(URLClassLoader.class,
                MethodType.methodType(void.class, String.class, URL[].class, ClassLoader.class));
        URLClassLoader loader = (URLClassLoader) callWithoutWebappFrames(MethodHandles.insertArguments(newLoader, 0,
                "oid-accp", new URL[] {copy.toUri().toURL()}, ClassLoader.getPlatformClassLoader()));
        try {
            Class<?> type = Class.forName(ACCP_CLASS, false, loader);
            // reading INSTANCE initializes the class, which starts the cleanup thread
            callWithoutWebappFrames(MethodHandles.publicLookup().findStaticGetter(type, "INSTANCE", type));
            Provider accp = (Provider) type.getField("INSTANCE").get(null);
            Object loadingError = type.getMethod("getLoadingError").invoke(accp);
            if (loadingError != null) {
                throw new IllegalStateException("its native library did not load: " + loadingError);
            }
            Object selfTests = type.getMethod("runSelfTests").invoke(accp);
            if (!"PASSED".equals(String.valueOf(selfTests))) {
                throw new IllegalStateException("its self-tests answered " + selfTests);
            }
            type.getMethod("assertHealthy").invoke(accp);
            return accp;
        } catch (InvocationTargetException failure) {
            closeQuietly(loader);
            throw new IllegalStateException(String.valueOf(failure.getCause()), failure.getCause());
        } catch (Exception | LinkageError failure) {
            closeQuietly(loader);
            throw failure;
        }
    }

    /**
     * Calls {@code target} (no arguments) with no class of the webapp on the stack and on a thread
     * that carries none either, for what ACCP keeps for the JVM's life: its class loader and its
     * cleanup thread. Both keep the access-control context of their creation (URLClassLoader.acc,
     * Thread.inheritedAccessControlContext): the protection domain of every class on the creating
     * stack and of the creating thread's own context, each naming its class loader. Created from this
     * class, they kept the first deployment's loader, one whole copy of OID, as long as the JVM ran.
     * Here the call runs on the worker of a pool of its own (the JDK's default worker factory gives it
     * a context of the JDK's making and the system class loader as context loader), through a
     * method-handle proxy: JDK classes only, down to {@code target}.
     */
    private static Object callWithoutWebappFrames(MethodHandle target) throws Exception {
        Callable<?> call = MethodHandleProxies.asInterfaceInstance(Callable.class, target.asType(MethodType.methodType(Object.class)));
        ForkJoinPool pool = new ForkJoinPool(1);
        try {
            // not the common pool: a thread outside a pool never runs that pool's task itself while it waits
            return pool.submit(call).get();
        } catch (ExecutionException failure) {
            if (failure.getCause() instanceof Error error) {
                throw error; // e.g. the ExceptionInInitializerError of a class that would not initialize
            }
            throw failure.getCause() instanceof Exception exception ? exception : failure;
        } finally {
            pool.shutdown();
        }
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException ignored) {
            // nothing was loaded from it that matters
        }
    }
}
