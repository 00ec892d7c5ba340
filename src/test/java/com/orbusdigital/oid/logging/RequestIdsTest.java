package com.orbusdigital.oid.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"0f8fad5b-d9cb-469f-a165-70867728950e", "Root=1-67891233-abcdef012345678912345678",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "req.1234_ABCD"})
    void keepsASaneIncomingId(String incoming) {
        assertThat(RequestIds.choose(incoming)).isEqualTo(incoming);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "short", "has space in it", "<script>alert(1)</script>", "line\nbreak-12345678",
            "quote\"-12345678", "ünïcödé-12345678"})
    void replacesAnythingElseWithANewUuid(String incoming) {
        assertThat(RequestIds.choose(incoming)).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    @ParameterizedTest
    @ValueSource(ints = {129, 1000})
    void replacesAnOverlongId(int length) {
        assertThat(RequestIds.choose("a".repeat(length))).hasSize(36);
    }
}
