package com.orbusdigital.oid.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwa.AlgorithmConstraints;
import org.junit.jupiter.api.Test;

class Rs256SignerTest {

    private static final KeyPair RSA = rsa(2048);
    private static final SignatureProvider CHOSEN = started();

    @Test
    void theTokenIsACompactRs256JwsWithTheKidAndTypeAndTheExactPayload() throws Exception {
        String payload = "{\"sub\":\"ünïcode\",\"n\":1}";
        String token = CHOSEN.signer("key-1", RSA.getPrivate()).sign("at+jwt", payload);

        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        assertThat(token).doesNotContain("=", "+", "/");
        assertThat(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8))
                .isEqualTo("{\"alg\":\"RS256\",\"kid\":\"key-1\",\"typ\":\"at+jwt\"}");
        assertThat(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)).isEqualTo(payload);

        // jose4j, allowing RS256 only, and the JDK's SunRsaSign by name
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256));
        jws.setCompactSerialization(token);
        jws.setKey(RSA.getPublic());
        assertThat(jws.verifySignature()).isTrue();
        assertThat(jws.getKeyIdHeaderValue()).isEqualTo("key-1");
        assertThat(jws.getHeader("typ")).isEqualTo("at+jwt");
        Signature jdk = Signature.getInstance("SHA256withRSA", "SunRsaSign");
        jdk.initVerify(RSA.getPublic());
        jdk.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(jdk.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    @Test
    void manyThreadsSigningAtOnceEachGetATokenOfTheirOwnPayloadThatVerifies() throws Exception {
        Rs256Signer signer = CHOSEN.signer("key-1", RSA.getPrivate());
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String payload = "{\"n\":" + i + "}";
                String type = i % 2 == 0 ? "JWT" : "at+jwt";
                tokens.add(threads.submit(() -> signer.sign(type, payload)));
            }
            for (int i = 0; i < tokens.size(); i++) {
                JsonWebSignature jws = new JsonWebSignature();
                jws.setCompactSerialization(tokens.get(i).get());
                jws.setKey(RSA.getPublic());
                assertThat(jws.verifySignature()).as("token %d", i).isTrue();
                assertThat(jws.getPayload()).isEqualTo("{\"n\":" + i + "}");
                assertThat(jws.getHeader("typ")).isEqualTo(i % 2 == 0 ? "JWT" : "at+jwt");
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aKeyThatCannotSignIsAnErrorNamingTheKeyNotAToken() {
        KeyPair ec = ec();
        Rs256Signer signer = new SignatureProvider().signer("ec-key", ec.getPrivate());

        assertThatThrownBy(() -> signer.sign("JWT", "{}")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ec-key");
    }

    private static SignatureProvider started() {
        SignatureProvider provider = new SignatureProvider();
        provider.start();
        return provider;
    }

    private static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ec() {
        try {
            return KeyPairGenerator.getInstance("EC").generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
