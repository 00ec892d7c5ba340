package com.orbusdigital.oid.password;


/**
 * Computes raw Argon2 hashes: the one seam between {@link PasswordHasher}, which owns the PHC
 * strings, salts, comparisons and the bound on concurrent hashes, and the code that does the work.
 * Types and versions are numbered as the reference implementation and Bouncy Castle number them:
 * Argon2d 0, Argon2i 1, Argon2id 2; versions 0x10 and 0x13.
 *
 * <p>Implementations are thread-safe and leave the password's bytes as they found them.
 */
public interface Argon2 extends AutoCloseable {

    /** The {@code length}-byte hash of {@code password}; throws only for parameters the implementation cannot run. */
    byte[] hash(int type, int version, Argon2Parameters cost, byte[] salt, byte[] password, int length);

    /**
     * A hashing slot for hashes at up to {@code usual}'s memory cost: {@link PasswordHasher} makes one
     * per hash it lets run at once and hands each to one hash at a time. libargon2's slot allocates
     * its working memory once and every hash in it reuses that memory (see {@link NativeArgon2});
     * Bouncy Castle's, the default here, hashes as {@link #hash} does.
     */
    default Slot slot(Argon2Parameters usual) {
        return this::hash;
    }

    /** Hashes as {@link Argon2#hash}, one hash at a time. */
    @FunctionalInterface
    interface Slot {
        byte[] hash(int type, int version, Argon2Parameters cost, byte[] salt, byte[] password, int length);
    }

    /** Releases native resources, the slots' memory among them; later hashes still succeed, in pure Java. */
    @Override
    default void close() {
    }

    /** Pure Java (Bouncy Castle): available everywhere, the reference the native code is checked against. */
    static Argon2 bouncyCastle() {
        return BouncyCastleArgon2.INSTANCE;
    }

    /**
     * libargon2 when it loads here and then agrees with Bouncy Castle byte for byte, otherwise Bouncy
     * Castle; one log line says which. The caller closes it when the application stops.
     */
    static Argon2 fastest() {
        return NativeArgon2.loadOrFallBack(() -> NativeArgon2.load(NativeArgon2.class.getClassLoader()));
    }
}
