package com.orbusdigital.oid.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class ClientSecretsTest {

    @Test
    void generatedSecretsCarry256BitsOfEntropy() {
        String secret = ClientSecrets.generate();

        assertThat(Base64.getUrlDecoder().decode(secret)).hasSize(32);
        assertThat(ClientSecrets.generate()).isNotEqualTo(secret);
    }

    @Test
    void verifiesTheRightSecretOnly() {
        String secret = ClientSecrets.generate();
        String stored = ClientSecrets.hash(secret);

        assertThat(stored).startsWith("hmac-sha256$").doesNotContain(secret);
        assertThat(ClientSecrets.verify(secret, stored)).isTrue();
        assertThat(ClientSecrets.verify(secret + "x", stored)).isFalse();
        assertThat(ClientSecrets.verify("", stored)).isFalse();
    }

    @Test
    void equalSecretsHashDifferently() {
        assertThat(ClientSecrets.hash("same-secret")).isNotEqualTo(ClientSecrets.hash("same-secret"));
    }

    @Test
    void corruptedStoredValuesNeverVerify() {
        assertThat(ClientSecrets.verify("x", "")).isFalse();
        assertThat(ClientSecrets.verify("x", "bcrypt$abc$def")).isFalse();
        assertThat(ClientSecrets.verify("x", "hmac-sha256$!!$??")).isFalse();
    }
}
