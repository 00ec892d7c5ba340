package com.orbusdigital.oid.token;

import com.orbusdigital.oid.config.ConfigSource;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.crypto.Rs256SignBenchmark;
import com.orbusdigital.oid.crypto.SignatureProvider;
import com.orbusdigital.oid.crypto.SignatureProviders;
import com.orbusdigital.oid.key.FixedSigningKeys;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** A client_credentials access token, built and signed by OID's own AccessTokenIssuer (claims, jose4j, RS256). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AccessTokenBenchmark {

    @Param({"jdk", "accp"})
    public String provider;

    private AccessTokenIssuer issuer;
    private AccessTokenClaims claims;

    @Setup
    public void setUp() {
        OidConfig config = OidConfig.load(ConfigSource.of(Map.of("JWT_ISSUER", "https://oid.example.com")), true);
        Clock clock = Clock.systemUTC();
        SignatureProvider signatures = SignatureProviders.named(provider);
        issuer = new AccessTokenIssuer(config, new FixedSigningKeys(Rs256SignBenchmark.BenchmarkKeys.RSA, clock, signatures), clock);
        claims = new AccessTokenClaims("bench-client", "bench-client", UUID.randomUUID(),
                com.orbusdigital.oid.protocol.Scope.parse("read write"), List.of("reader", "writer"));
    }

    @Benchmark
    public IssuedToken issue() {
        return issuer.issue(claims);
    }
}
