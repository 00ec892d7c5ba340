package com.orbusdigital.oid.password;

import com.orbusdigital.oid.password.PasswordHasher.Verification;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Verifications from many threads at once, for the tests of the hashing slots. */
final class Verifications {

    private Verifications() {
    }

    /** {@code count} verifications of {@code password} against {@code stored}, eight threads at a time. */
    static List<Verification> fromEightThreads(PasswordHasher hasher, String password, String stored, int count) throws Exception {
        ExecutorService eight = Executors.newFixedThreadPool(8);
        try {
            List<Future<Verification>> running = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                running.add(eight.submit(() -> hasher.verify(password, stored)));
            }
            List<Verification> verifications = new ArrayList<>();
            for (Future<Verification> verification : running) {
                verifications.add(verification.get());
            }
            return verifications;
        } finally {
            eight.shutdown();
        }
    }
}
