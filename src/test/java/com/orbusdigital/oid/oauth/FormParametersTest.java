package com.orbusdigital.oid.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.protocol.OAuthException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormParametersTest {

    private static FormParameters read(String contentType, String body) {
        return FormParameters.read(contentType, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertInvalidRequest(String contentType, String body) {
        assertThatThrownBy(() -> read(contentType, body))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.error()).isEqualTo(OAuthError.INVALID_REQUEST));
    }

    @Test
    void decodesPercentEncodingAndPlus() {
        FormParameters form = read("application/x-www-form-urlencoded", "grant_type=client_credentials&scope=a+b%20c&x=%C3%A9");

        assertThat(form.required("grant_type")).isEqualTo("client_credentials");
        assertThat(form.optional("scope")).contains("a b c");
        assertThat(form.optional("x")).contains("é");
    }

    @Test
    void acceptsAUtf8CharsetParameterInAnyCase() {
        assertThat(read("Application/X-WWW-Form-Urlencoded; charset=\"utf-8\"", "a=b").optional("a")).contains("b");
    }

    @Test
    void treatsEmptyValuesAsOmitted() {
        FormParameters form = read("application/x-www-form-urlencoded", "scope=&grant_type=x&flag");

        assertThat(form.has("scope")).isFalse();
        assertThat(form.has("flag")).isFalse();
        assertThatThrownBy(() -> form.required("scope")).hasMessageContaining("'scope' is required");
    }

    @Test
    void refusesRepeatedParameters() {
        assertThatThrownBy(() -> read("application/x-www-form-urlencoded", "scope=a&scope=b"))
                .hasMessageContaining("'scope' is repeated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "a=%4", "a=%zz", "a=%C3%28", "a=%00", "a=b%0Ac", "=value", "a=\u0001"})
    void refusesMalformedEncodingInvalidUtf8AndControlCharacters(String body) {
        assertInvalidRequest("application/x-www-form-urlencoded", body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded; charset=ISO-8859-1"})
    void refusesOtherContentTypes(String contentType) {
        assertInvalidRequest(contentType, "a=b");
    }

    @Test
    void refusesAMissingContentType() {
        assertInvalidRequest(null, "a=b");
    }

    @Test
    void refusesBodiesOverTheLimit() {
        assertInvalidRequest("application/x-www-form-urlencoded", "a=" + "x".repeat(FormParameters.MAX_BODY_BYTES));
    }

    @Test
    void neverPrintsValues() {
        assertThat(read("application/x-www-form-urlencoded", "client_secret=topsecret").toString()).doesNotContain("topsecret");
    }
}
