package com.orbusdigital.oid.user.password;

import java.nio.charset.StandardCharsets;

/**
 * Not a test: compares libargon2 with Bouncy Castle at OWASP's parameters, one thread, in one run,
 * interleaved (ten hashes of each in turn), so a host busy with other work slows both alike. Prints
 * each rate and their ratio; the ratio is the figure to trust on a shared machine.
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) com.orbusdigital.oid.user.password.Argon2Speed 20
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
            Argon2 bouncyCastle = Argon2.bouncyCastle();
            long bouncyCastleNanos = 0;
            long libargon2Nanos = 0;
            int hashes = 0;
            for (int round = 0; round <= rounds; round++) {
                long bouncyCastleTime = time(bouncyCastle, salt, password);
                long libargon2Time = time(libargon2, salt, password);
                if (round > 0) {  // round 0 warms up
                    bouncyCastleNanos += bouncyCastleTime;
                    libargon2Nanos += libargon2Time;
                    hashes += 10;
                }
            }
            System.out.printf("Argon2id %s, one thread, %d hashes each: Bouncy Castle %.1f/s, libargon2 %.1f/s, ratio %.2f%n",
                    Argon2Parameters.OWASP, hashes, hashes / (bouncyCastleNanos / 1e9), hashes / (libargon2Nanos / 1e9),
                    (double) bouncyCastleNanos / libargon2Nanos);
        }
    }

    private static long time(Argon2 argon2, byte[] salt, byte[] password) {
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            argon2.hash(2, 0x13, Argon2Parameters.OWASP, salt, password, 32);
        }
        return System.nanoTime() - start;
    }
}
