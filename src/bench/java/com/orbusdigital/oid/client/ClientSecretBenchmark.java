package com.orbusdigital.oid.client;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Client authentication's cryptographic part: the presented secret against the stored salted HMAC. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ClientSecretBenchmark {

    private String secret;
    private String stored;

    @Setup
    public void setUp() {
        secret = ClientSecrets.generate();
        stored = ClientSecrets.hash(secret);
    }

    @Benchmark
    public boolean verify() {
        return ClientSecrets.verify(secret, stored);
    }
}
