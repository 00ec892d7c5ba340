package com.orbusdigital.oid.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

class SignatureProviderTest {

    private static final KeyPair RSA = rsa();
    private static final boolean ACCP_PLATFORM = "Linux".equals(System.getProperty("os.name"))
            && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));

    @Test
    void aTokenSignedThroughTheChosenProviderVerifiesWithTheJdksPublicKey() throws Exception {
        SignatureProvider signatures = new SignatureProvider();
        signatures.start();
        if (ACCP_PLATFORM) {
            assertThat(signatures.description()).startsWith("AmazonCorrettoCryptoProvider 2.");
            Provider accp = Security.getProvider("AmazonCorrettoCryptoProvider");
            // loaded from the jar among OID's classes, in a loader of its own that holds nothing of the webapp
            assertThat(accp.getClass().getClassLoader().getName()).isEqualTo("oid-accp");
            assertThat(accp.getClass().getClassLoader().getParent()).isSameAs(ClassLoader.getPlatformClassLoader());
            assertThat(List.of(Security.getProviders()).indexOf(accp)).as("appended, never first").isPositive();
            // the signing key is made native once, not converted at every signature
            PrivateKey nativeKey = signatures.forSigning(RSA.getPrivate());
            assertThat(nativeKey.getClass().getClassLoader()).isSameAs(accp.getClass().getClassLoader());
            assertThat(signatures.forSigning(nativeKey)).isSameAs(nativeKey);
        } else {
            assertThat(signatures.description()).isEqualTo("the JDK's default provider");
            assertThat(signatures.forSigning(RSA.getPrivate())).isSameAs(RSA.getPrivate());
        }
        assertVerifiesWithTheJdk(sign(signatures));

        // the next deployment in this JVM finds it and never loads another copy
        SignatureProvider redeployed = new SignatureProvider();
        redeployed.use("AmazonCorrettoCryptoProvider", () -> {
            throw new AssertionError("a second copy must not be loaded");
        });
        if (ACCP_PLATFORM) {
            assertThat(redeployed.description()).isEqualTo(signatures.description());
            assertVerifiesWithTheJdk(sign(redeployed));
        }
    }

    @Test
    void aProviderThatWillNotLoadLeavesSigningToTheJdk() throws Exception {
        List<Provider> before = List.of(Security.getProviders());
        SignatureProvider signatures = new SignatureProvider();

        signatures.use("OidTestSigner", () -> {
            throw new UnsatisfiedLinkError("Native Library libamazonCorrettoCryptoProvider.so already loaded in another classloader");
        });

        assertThat(signatures.description()).isEqualTo("the JDK's default provider");
        assertThat(Security.getProviders()).containsExactlyElementsOf(before);
        assertVerifiesWithTheJdk(sign(signatures));
    }

    @Test
    void aProviderTheJvmAlreadyHasIsUsedAndLeftInPlaceWithoutLoadingOurs() throws Exception {
        Provider theirs = new Provider("OidTestSigner", "1", "registered outside OID") {};
        Security.addProvider(theirs);
        try {
            SignatureProvider signatures = new SignatureProvider();
            signatures.use("OidTestSigner", () -> {
                throw new AssertionError("the webapp's copy must not be loaded");
            });

            assertThat(signatures.description()).isEqualTo("OidTestSigner 1");
            assertThat(Security.getProvider("OidTestSigner")).isSameAs(theirs);
            // it has no RSA KeyFactory: the key stays as it is, and still signs
            assertThat(signatures.forSigning(RSA.getPrivate())).isSameAs(RSA.getPrivate());
        } finally {
            Security.removeProvider("OidTestSigner");
        }
    }

    private static String sign(SignatureProvider signatures) {
        return signatures.signer("k1", RSA.getPrivate()).sign("JWT", "{\"sub\":\"someone\"}");
    }

    /** Verified by the JDK's SunRsaSign by name, and by jose4j with its default providers. */
    private static void assertVerifiesWithTheJdk(String token) throws Exception {
        String[] parts = token.split("\\.");
        Signature jdk = Signature.getInstance("SHA256withRSA", "SunRsaSign");
        jdk.initVerify(RSA.getPublic());
        jdk.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(jdk.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();

        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(token);
        jws.setKey(RSA.getPublic());
        assertThat(jws.verifySignature()).isTrue();
        assertThat(jws.getPayload()).isEqualTo("{\"sub\":\"someone\"}");
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
