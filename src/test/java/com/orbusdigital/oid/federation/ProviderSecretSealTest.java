package com.orbusdigital.oid.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.orbusdigital.oid.config.Secret;
import com.orbusdigital.oid.crypto.RandomValues;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProviderSecretSealTest {

    private final ProviderSecretSeal seal = new ProviderSecretSeal(RandomValues.bytes(32));

    @Test
    void aSealedSecretOpensForItsProviderOnlyAndIsNotStoredInClear() {
        UUID provider = UUID.randomUUID();
        byte[] sealed = seal.seal(provider, new Secret("upstream-client-secret"));

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("upstream-client-secret");
        assertThat(seal.open(provider, sealed).reveal()).isEqualTo("upstream-client-secret");
        assertThatThrownBy(() -> seal.open(UUID.randomUUID(), sealed)).isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("upstream-client-secret");
        assertThatThrownBy(() -> new ProviderSecretSeal(RandomValues.bytes(32)).open(provider, sealed))
                .isInstanceOf(IllegalStateException.class);
    }
}
