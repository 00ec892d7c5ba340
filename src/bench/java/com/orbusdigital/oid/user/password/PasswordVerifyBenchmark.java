package com.orbusdigital.oid.user.password;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Password sign-in's ceiling: one Argon2id verification at OID's parameters (OWASP's, m=19456 t=2 p=1). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PasswordVerifyBenchmark {

    private static final String PASSWORD = "violet tractor mango lighthouse";
    private PasswordHasher hasher;
    private String stored;

    @Setup
    public void setUp() {
        hasher = new PasswordHasher();
        stored = hasher.hash(PASSWORD);
    }

    @Benchmark
    public PasswordHasher.Verification verify() {
        return hasher.verify(PASSWORD, stored);
    }
}
