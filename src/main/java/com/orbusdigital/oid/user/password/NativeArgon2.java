package com.orbusdigital.oid.user.password;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import de.mkammerer.argon2.jna.Size_t;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Argon2 by libargon2, the reference implementation in C, as argon2-jvm bundles it, called through
 * JNA's {@code argon2_hash}. About 1.3–1.8 times Bouncy Castle's rate on one core (README, Operations).
 *
 * <p>In a webapp, JNA and this class belong to the application's class loader. Each {@link #load}
 * copies the bundled library to a file of its own, so a redeployed application (a new class loader
 * in the same JVM) maps a fresh copy and never shares, or closes, another's; JNA likewise unpacks
 * its own JNI stub once per class loader. Nothing pins the class loader after undeploy: the threads
 * that loading starts never carry it as their context class loader (see {@link #load}), and
 * {@link #close} closes the library, after which JNA's "JNA Cleaner" thread ends within its 30 s
 * linger. (Checked by hand: a webapp-like class loader that loaded, hashed and closed is collected.)
 * A hash still asked for after {@link #close} runs in Bouncy Castle rather than call unmapped code.
 */
final class NativeArgon2 implements Argon2 {

    private static final Logger LOG = LoggerFactory.getLogger(NativeArgon2.class);
    private static final int ARGON2_OK = 0;

    private final NativeLibrary library;
    private final Function argon2Hash;
    /** Hashes share it; {@link #close} takes it alone, so the library is never unmapped under a running hash. */
    private final ReadWriteLock use = new ReentrantReadWriteLock();
    private boolean closed;

    private NativeArgon2(NativeLibrary library) {
        this.library = library;
        this.argon2Hash = library.getFunction("argon2_hash");
    }

    /**
     * Maps the libargon2 bundled for this platform, found through {@code loader}. Always this copy,
     * never a libargon2 the system may have: it is the one measured and checked here.
     *
     * @throws IOException when this platform has no bundled library
     * @throws LinkageError when JNA or the library cannot be loaded
     */
    static NativeArgon2 load(ClassLoader loader) throws IOException {
        String resource = Platform.RESOURCE_PREFIX + "/" + System.mapLibraryName("argon2");
        Path copy = Files.createTempFile("oid-libargon2-", ".so");
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        // Threads started now inherit the context class loader: JNA's cleaner, and the JDK's "process
        // reaper" for the one ldconfig JNA runs. With the webapp's loader they would pin it after undeploy.
        thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        try {
            try (InputStream bundled = loader.getResourceAsStream(resource)) {
                if (bundled == null) {
                    throw new IOException("no bundled " + resource);
                }
                Files.copy(bundled, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return new NativeArgon2(NativeLibrary.getInstance(copy.toAbsolutePath().toString()));
        } finally {
            thread.setContextClassLoader(context);
            // once mapped the file is no longer needed; unlinking it leaves nothing behind after a crash either
            Files.deleteIfExists(copy);
        }
    }

    /**
     * The native implementation from {@code loading} when it loads and agrees with Bouncy Castle,
     * otherwise Bouncy Castle; logs one line saying which.
     */
    static Argon2 loadOrFallBack(Callable<? extends Argon2> loading) {
        Argon2 candidate;
        try {
            candidate = loading.call();
        } catch (Exception | LinkageError e) {
            LOG.info("Argon2 password hashes by {}: libargon2 did not load ({}: {})",
                    Argon2.bouncyCastle(), e.getClass().getSimpleName(), e.getMessage());
            return Argon2.bouncyCastle();
        }
        String disagreement = disagreement(candidate);
        if (disagreement != null) {
            candidate.close();
            LOG.warn("Argon2 password hashes by {}: {} gave another hash than Bouncy Castle for {}",
                    Argon2.bouncyCastle(), candidate, disagreement);
            return Argon2.bouncyCastle();
        }
        LOG.info("Argon2 password hashes by {}", candidate);
        return candidate;
    }

    /**
     * Null when {@code candidate} computes what Bouncy Castle computes for every type and version (at
     * a lane count that does not divide the memory) and for Argon2id at OWASP's parameters; otherwise
     * the case that differed.
     */
    private static String disagreement(Argon2 candidate) {
        Argon2Parameters small = new Argon2Parameters(70, 2, 2);
        for (int type = 0; type <= 2; type++) {
            for (int version : new int[] {0x10, 0x13}) {
                if (!agrees(candidate, type, version, small)) {
                    return "type " + type + ", version 0x" + Integer.toHexString(version) + ", " + small;
                }
            }
        }
        return agrees(candidate, 2, 0x13, Argon2Parameters.OWASP) ? null : "argon2id, " + Argon2Parameters.OWASP;
    }

    private static boolean agrees(Argon2 candidate, int type, int version, Argon2Parameters cost) {
        byte[] password = "self-test, not a password".getBytes(StandardCharsets.UTF_8);
        byte[] salt = "sixteen-byte-slt".getBytes(StandardCharsets.UTF_8);
        byte[] expected = Argon2.bouncyCastle().hash(type, version, cost, salt, password, 32);
        try {
            return Arrays.equals(expected, candidate.hash(type, version, cost, salt, password, 32));
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public byte[] hash(int type, int version, Argon2Parameters cost, byte[] salt, byte[] password, int length) {
        use.readLock().lock();
        try {
            if (closed) {
                return Argon2.bouncyCastle().hash(type, version, cost, salt, password, length);
            }
            byte[] out = new byte[length];
            int status = argon2Hash.invokeInt(new Object[] {
                cost.iterations(), cost.memoryKiB(), cost.parallelism(),
                password, new Size_t(password.length), salt, new Size_t(salt.length), out, new Size_t(length),
                null, new Size_t(0), type, version});
            if (status != ARGON2_OK) {
                throw new IllegalStateException("libargon2 refused the parameters: error " + status);
            }
            return out;
        } finally {
            use.readLock().unlock();
        }
    }

    @Override
    public void close() {
        use.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                library.close();
            }
        } finally {
            use.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "libargon2 (native, through JNA)";
    }
}
