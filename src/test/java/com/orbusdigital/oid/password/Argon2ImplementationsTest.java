package com.orbusdigital.oid.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.orbusdigital.oid.password.PasswordHasher.Verification;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * libargon2 (through JNA) and Bouncy Castle behind {@link Argon2}: the same bytes either way, the
 * fallback to Bouncy Castle, and a second class loader (a redeployed webapp) loading its own copy.
 */
class Argon2ImplementationsTest {

    private static final Argon2 NATIVE = Argon2.fastest();
    private static final PasswordHasher WITH_NATIVE = new PasswordHasher(Argon2Parameters.OWASP, 2, NATIVE);
    private static final PasswordHasher WITH_BOUNCY_CASTLE = new PasswordHasher(Argon2Parameters.OWASP, 2, Argon2.bouncyCastle());
    private static final String PASSWORD = "cobalt harbour lantern fig";
    private static final Verification CURRENT = new Verification(true, false);
    private static final Verification REHASH = new Verification(true, true);
    private static final byte[] SALT = "sixteen-byte-slt".getBytes(StandardCharsets.US_ASCII);

    @AfterAll
    static void release() {
        NATIVE.close();
    }

    @Test
    void theBundledLibargon2LoadsOnThisPlatformAndPassesItsSelfTest() {
        assertThat(NATIVE).isInstanceOf(NativeArgon2.class);
        assertThat(NATIVE.toString()).contains("libargon2");
    }

    @Test
    void hashesByLibargon2VerifyInBouncyCastle() {
        String stored = WITH_NATIVE.hash(PASSWORD);

        assertThat(stored).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(WITH_BOUNCY_CASTLE.verify(PASSWORD, stored)).isEqualTo(CURRENT);
        assertThat(WITH_BOUNCY_CASTLE.verify(PASSWORD + "!", stored)).isEqualTo(Verification.FAILED);
        assertThat(WITH_NATIVE.verify(PASSWORD, stored)).isEqualTo(CURRENT);
    }

    @Test
    void hashesByBouncyCastleVerifyInLibargon2() {
        String stored = WITH_BOUNCY_CASTLE.hash(PASSWORD);

        assertThat(WITH_NATIVE.verify(PASSWORD, stored)).isEqualTo(CURRENT);
        assertThat(WITH_NATIVE.verify("", stored)).isEqualTo(Verification.FAILED);
        assertThat(WITH_NATIVE.verify(PASSWORD.toUpperCase(), stored)).isEqualTo(Verification.FAILED);
    }

    @Test
    void libargon2VerifiesOlderTypesVersionsAndTheReferenceVector() {
        // phc-winner-argon2 src/test.c: argon2id v=19, t=2, m=2^16, p=1, "password", "somesalt"
        String reference = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        assertThat(WITH_NATIVE.verify("password", reference)).isEqualTo(REHASH);

        for (int type = 0; type <= 2; type++) {
            for (int version : new int[] {0x10, 0x13}) {
                Argon2Parameters cost = new Argon2Parameters(4096, 3, 4);
                assertThat(NATIVE.hash(type, version, cost, SALT, bytes(PASSWORD), 24))
                        .as("type %d version %x", type, version)
                        .isEqualTo(Argon2.bouncyCastle().hash(type, version, cost, SALT, bytes(PASSWORD), 24));
            }
        }
    }

    @Test
    void libargon2HashesInMemoryEachSlotAllocatesOnceAndEveryHashReuses() throws Exception {
        try (NativeArgon2 own = NativeArgon2.load(NativeArgon2.class.getClassLoader())) {
            PasswordHasher twoSlots = new PasswordHasher(Argon2Parameters.OWASP, 2, own);
            String stored = twoSlots.hash(PASSWORD);

            assertThat(Verifications.fromEightThreads(twoSlots, PASSWORD, stored, 24)).hasSize(24).containsOnly(CURRENT);
            // the dummy hash, the hash and 24 verifications, each in one of the two slots' buffers
            assertThat(own.allocations()).isEqualTo(new NativeArgon2.Allocations(2, 26, 0, 0));
            assertThat(WITH_BOUNCY_CASTLE.verify(PASSWORD, stored)).isEqualTo(CURRENT);
        }
    }

    @Test
    void aHashNeedingMoreMemoryThanItsSlotHasGetsAOneOffAllocationFreedAtOnce() throws IOException {
        // phc-winner-argon2 src/test.c: m=64 MiB, more than the 19 MiB a slot keeps at OWASP's parameters
        String reference = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        try (NativeArgon2 own = NativeArgon2.load(NativeArgon2.class.getClassLoader())) {
            PasswordHasher oneSlot = new PasswordHasher(Argon2Parameters.OWASP, 1, own);

            assertThat(oneSlot.verify("password", reference)).isEqualTo(REHASH);
            assertThat(oneSlot.verify("Password", reference)).isEqualTo(Verification.FAILED);
            assertThat(own.allocations()).isEqualTo(new NativeArgon2.Allocations(1, 1, 2, 0));
            // the slot's own buffer still serves the hashes that fit
            assertThat(oneSlot.verify(PASSWORD, oneSlot.hash(PASSWORD))).isEqualTo(CURRENT);
            assertThat(own.allocations()).isEqualTo(new NativeArgon2.Allocations(1, 3, 2, 0));
        }
    }

    @Test
    void closingFreesTheSlotsWhichThenHashInPureJava() throws IOException {
        NativeArgon2 closing = NativeArgon2.load(NativeArgon2.class.getClassLoader());
        Argon2.Slot slot = closing.slot(Argon2Parameters.OWASP);
        Argon2Parameters cost = new Argon2Parameters(1024, 2, 1);
        byte[] before = slot.hash(2, 0x13, cost, SALT, bytes(PASSWORD), 32);
        assertThat(closing.allocations()).isEqualTo(new NativeArgon2.Allocations(1, 1, 0, 0));

        closing.close();

        assertThat(closing.allocations().slotBuffers()).isZero();
        assertThat(slot.hash(2, 0x13, cost, SALT, bytes(PASSWORD), 32)).isEqualTo(before)
                .isEqualTo(Argon2.bouncyCastle().hash(2, 0x13, cost, SALT, bytes(PASSWORD), 32));
    }

    @Test
    void withoutTheBundledLibraryBouncyCastleHashes() throws IOException {
        try (URLClassLoader nothing = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() -> NativeArgon2.load(nothing)).isInstanceOf(IOException.class).hasMessageContaining("libargon2.so");

            Argon2 chosen = NativeArgon2.loadOrFallBack(() -> NativeArgon2.load(nothing));

            assertThat(chosen).isSameAs(Argon2.bouncyCastle());
            assertThat(WITH_NATIVE.verify(PASSWORD, new PasswordHasher(Argon2Parameters.OWASP, 1, chosen).hash(PASSWORD)))
                    .isEqualTo(CURRENT);
        }
        assertThat(NativeArgon2.loadOrFallBack(() -> {
            throw new UnsatisfiedLinkError("no JNA stub for this platform");
        })).isSameAs(Argon2.bouncyCastle());
    }

    @Test
    void anImplementationThatDisagreesWithBouncyCastleIsClosedAndNotUsed() {
        AtomicBoolean closed = new AtomicBoolean();
        Argon2 wrong = new Argon2() {
            @Override
            public byte[] hash(int type, int version, Argon2Parameters cost, byte[] salt, byte[] password, int length) {
                byte[] out = Argon2.bouncyCastle().hash(type, version, cost, salt, password, length);
                out[length - 1] ^= 1;
                return out;
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };

        assertThat(NativeArgon2.loadOrFallBack(() -> wrong)).isSameAs(Argon2.bouncyCastle());
        assertThat(closed).isTrue();
    }

    @Test
    void afterCloseHashesStillComeOutRightInPureJava() throws IOException {
        Argon2 closing = NativeArgon2.load(NativeArgon2.class.getClassLoader());
        Argon2Parameters cost = new Argon2Parameters(1024, 2, 1);
        byte[] before = closing.hash(2, 0x13, cost, SALT, bytes(PASSWORD), 32);

        closing.close();
        closing.close();

        assertThat(closing.hash(2, 0x13, cost, SALT, bytes(PASSWORD), 32)).isEqualTo(before);
        // a new load (an application started again in this class loader) maps a copy of its own
        try (Argon2 again = NativeArgon2.load(NativeArgon2.class.getClassLoader())) {
            assertThat(again.hash(2, 0x13, cost, SALT, bytes(PASSWORD), 32)).isEqualTo(before);
        }
    }

    @Test
    void aSecondClassLoaderInTheSameJvmLoadsJnaAndLibargon2Again() throws Exception {
        // as a redeployed webapp does: its own JNA (with its own JNI stub) and its own libargon2
        NATIVE.hash(2, 0x13, new Argon2Parameters(64, 1, 1), SALT, bytes(PASSWORD), 32);
        try (URLClassLoader redeployed = new URLClassLoader(classPath(), ClassLoader.getPlatformClassLoader())) {
            Class<?> hashing = redeployed.loadClass(HashInItsOwnClassLoader.class.getName());
            assertThat(hashing).isNotSameAs(HashInItsOwnClassLoader.class);
            @SuppressWarnings("unchecked")
            Supplier<byte[]> hash = (Supplier<byte[]>) hashing.getConstructor().newInstance();
            byte[] hashed;
            // as on a request thread of that webapp
            Thread.currentThread().setContextClassLoader(redeployed);
            try {
                hashed = hash.get();
            } finally {
                Thread.currentThread().setContextClassLoader(Argon2ImplementationsTest.class.getClassLoader());
            }

            assertThat(hashed).isEqualTo(new HashInItsOwnClassLoader().get());
            // no thread it started (JNA's cleaner among them) keeps that class loader as its context loader
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.getContextClassLoader() == redeployed);
        }
    }

    /**
     * Loads libargon2 through whatever class loader loaded this class, hashes once with it and closes
     * it. It reads nothing of the enclosing class, whose initialisation would load another Argon2.
     */
    public static final class HashInItsOwnClassLoader implements Supplier<byte[]> {
        @Override
        public byte[] get() {
            try (Argon2 own = NativeArgon2.load(HashInItsOwnClassLoader.class.getClassLoader())) {
                assertThat(own).isInstanceOf(NativeArgon2.class);
                byte[] salt = "another-16-bytes".getBytes(StandardCharsets.US_ASCII);
                return own.hash(2, 0x13, new Argon2Parameters(1024, 2, 1), salt, "redeployed".getBytes(StandardCharsets.US_ASCII), 32);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static URL[] classPath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator)).map(path -> {
            try {
                return new File(path).toURI().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }).toArray(URL[]::new);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
