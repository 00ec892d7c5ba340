package com.orbusdigital.oid.testing;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API's refusals as every admin test expects them. */
public final class Problems {

    private Problems() {}

    /** A problem document of this status, and no trace of the code inside. */
    public static void assertProblem(Http.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at com.");
    }
}
