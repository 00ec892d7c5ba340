package com.orbusdigital.oid.crypto;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The machine's RS256 ceiling: one RSA-2048 SHA256withRSA signature of a token-sized input, through
 * the JDK's provider and through ACCP. Run with {@code -t 2} (or {@code -t max}) for the
 * all-cores ceiling every load figure is compared with.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Rs256SignBenchmark {

    @Param({"jdk", "accp"})
    public String provider;

    private Signature signature;
    private byte[] input;

    @Setup
    public void setUp() throws Exception {
        KeyPair rsa = BenchmarkKeys.RSA;
        Provider chosen = provider.equals("accp") ? SignatureProvider.correttoCryptoProvider() : Security.getProvider("SunRsaSign");
        signature = Signature.getInstance("SHA256withRSA", chosen);
        signature.initSign(rsa.getPrivate());
        // the size of a signing input of OID's access token (base64url header + "." + claims)
        input = "x".repeat(420).getBytes(StandardCharsets.US_ASCII);
    }

    @Benchmark
    public byte[] sign() throws Exception {
        signature.update(input);
        return signature.sign();
    }

    /** One RSA-2048 key for every benchmark of a run. */
    public static final class BenchmarkKeys {
        public static final KeyPair RSA = generate();

        private BenchmarkKeys() {}

        private static KeyPair generate() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                return generator.generateKeyPair();
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
