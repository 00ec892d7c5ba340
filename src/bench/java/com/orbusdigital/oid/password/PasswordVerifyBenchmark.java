package com.orbusdigital.oid.password;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.State;

/**
 * Password sign-in's ceiling: one Argon2id verification at OID's parameters (OWASP's, m=19456 t=2
 * p=1), by Bouncy Castle and by what OID uses ({@code fastest}: libargon2 where it loads).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PasswordVerifyBenchmark {

    private static final String PASSWORD = "violet tractor mango lighthouse";
    @Param({"bouncycastle", "fastest"})
    public String argon2;

    private Argon2 implementation;
    private PasswordHasher hasher;
    private String stored;

    @Setup
    public void setUp() {
        implementation = argon2.equals("fastest") ? Argon2.fastest() : Argon2.bouncyCastle();
        hasher = new PasswordHasher(Argon2Parameters.OWASP, Runtime.getRuntime().availableProcessors(), implementation);
        stored = hasher.hash(PASSWORD);
    }

    @TearDown
    public void tearDown() throws Exception {
        implementation.close();
    }

    @Benchmark
    public PasswordHasher.Verification verify() {
        return hasher.verify(PASSWORD, stored);
    }
}
