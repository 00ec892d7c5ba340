package com.orbusdigital.oid.password;

import java.nio.charset.StandardCharsets;

/**
 * Not a test: compares libargon2 with Bouncy Castle at OWASP's parameters, one thread, in one run,
 * interleaved (ten hashes of each in turn), so a host busy with other work slows both alike. Prints
 * each rate and their ratio; the ratio is the figure to trust on a shared machine. libargon2 runs
 * twice: allocating its memory each hash, and in a hashing slot (as OID runs it), whose memory is
 * allocated once and handed over through JNA callbacks.
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) com.orbusdigital.oid.password.Argon2Speed 20
 * </pre>
 */
public final class Argon2Speed {

    private Argon2Speed() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        byte[] salt = "sixteen-byte-slt".getBytes(StandardCharsets.US_ASCII);
        byte[] password = "tulip canyon marble orbit".getBytes(StandardCharsets.UTF_8);
        try (Argon2 libargon2 = NativeArgon2.load(Argon2Speed.class.getClassLoader())) {
            Argon2.Slot bouncyCastle = Argon2.bouncyCastle()::hash;
            Argon2.Slot allocating = libargon2::hash;
            Argon2.Slot slot = libargon2.slot(Argon2Parameters.OWASP);
            long bouncyCastleNanos = 0;
            long allocatingNanos = 0;
            long slotNanos = 0;
            int hashes = 0;
            for (int round = 0; round <= rounds; round++) {
                long bouncyCastleTime = time(bouncyCastle, salt, password);
                long allocatingTime = time(allocating, salt, password);
                long slotTime = time(slot, salt, password);
                if (round > 0) {  // round 0 warms up
                    bouncyCastleNanos += bouncyCastleTime;
                    allocatingNanos += allocatingTime;
                    slotNanos += slotTime;
                    hashes += 10;
                }
            }
            System.out.printf("Argon2id %s, one thread, %d hashes each: Bouncy Castle %.1f/s, libargon2 %.1f/s allocating"
                    + " each hash (ratio %.2f), %.1f/s in a slot (ratio %.2f; %.3f of allocating)%n",
                    Argon2Parameters.OWASP, hashes, hashes / (bouncyCastleNanos / 1e9),
                    hashes / (allocatingNanos / 1e9), (double) bouncyCastleNanos / allocatingNanos,
                    hashes / (slotNanos / 1e9), (double) bouncyCastleNanos / slotNanos, (double) allocatingNanos / slotNanos);
        }
    }

    private static long time(Argon2.Slot argon2, byte[] salt, byte[] password) {
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            argon2.hash(2, 0x13, Argon2Parameters.OWASP, salt, password, 32);
        }
        return System.nanoTime() - start;
    }
}
