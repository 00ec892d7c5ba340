package com.orbusdigital.oid.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.config.Issuer;
import jakarta.ws.rs.core.Cookie;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrowserCookiesTest {

    @Test
    void underAnHttpsIssuerTheCookiesAreHostPrefixedSecureAndForTheWholeHost() {
        BrowserCookies cookies = new BrowserCookies(new Issuer("https://example.com/oid"));
        assertThat(cookies.session("v")).isEqualTo("__Host-oid_session=v; Path=/; HttpOnly; Secure; SameSite=Lax");
        assertThat(cookies.csrf("c")).isEqualTo("__Host-oid_csrf=c; Path=/; HttpOnly; Secure; SameSite=Strict");
        assertThat(cookies.clearSession()).isEqualTo("__Host-oid_session=; Path=/; HttpOnly; Secure; Max-Age=0; SameSite=Lax");
    }

    @Test
    void underAnHttpIssuerTheyKeepTheirPlainNamesAndTheIssuersPath() {
        assertThat(new BrowserCookies(new Issuer("http://127.0.0.1:8080")).session("v"))
                .isEqualTo("oid_session=v; Path=/; HttpOnly; SameSite=Lax");
        BrowserCookies cookies = new BrowserCookies(new Issuer("http://127.0.0.1:8080/oid"));
        assertThat(cookies.csrf("c")).isEqualTo("oid_csrf=c; Path=/oid; HttpOnly; SameSite=Strict");
        assertThat(cookies.clearSession()).isEqualTo("oid_session=; Path=/oid; HttpOnly; Max-Age=0; SameSite=Lax");
    }

    @Test
    void onlyTheIssuersOwnNamesAreRead() {
        Map<String, Cookie> sent = Map.of("oid_session", new Cookie.Builder("oid_session").value("plain").build(),
                "oid_csrf", new Cookie.Builder("oid_csrf").value("plain-csrf").build(),
                "__Host-oid_session", new Cookie.Builder("__Host-oid_session").value("prefixed").build());

        BrowserCookies https = new BrowserCookies(new Issuer("https://id.example.com"));
        assertThat(https.session(sent)).contains("prefixed");
        assertThat(https.csrf(sent)).isEmpty();
        BrowserCookies http = new BrowserCookies(new Issuer("http://127.0.0.1:8080"));
        assertThat(http.session(sent)).contains("plain");
        assertThat(http.csrf(sent)).contains("plain-csrf");
    }

    @Test
    void aSignInByPasskeyAloneHasACookieOfItsOwnBesideTheStepsOne() {
        BrowserCookies https = new BrowserCookies(new Issuer("https://example.com"));
        assertThat(https.passkeySignIn("p")).isEqualTo("__Host-oid_passkey=p; Path=/; HttpOnly; Secure; Max-Age=600; SameSite=Strict");
        assertThat(https.clearPasskeySignIn()).isEqualTo("__Host-oid_passkey=; Path=/; HttpOnly; Secure; Max-Age=0; SameSite=Strict");
        BrowserCookies http = new BrowserCookies(new Issuer("http://127.0.0.1:8080"));
        Map<String, Cookie> sent = Map.of("oid_signin", new Cookie.Builder("oid_signin").value("steps").build(),
                "oid_passkey", new Cookie.Builder("oid_passkey").value("alone").build());
        assertThat(http.signIn(sent)).contains("steps");
        assertThat(http.passkeySignIn(sent)).contains("alone");
        assertThat(https.passkeySignIn(sent)).isEmpty();
    }

    @Test
    void theLanguageCookieFollowsTheSameRulesAndIsKeptForAYear() {
        assertThat(new BrowserCookies(new Issuer("https://example.com/oid")).language("fr"))
                .isEqualTo("__Host-oid_lang=fr; Path=/; HttpOnly; Secure; Max-Age=31536000; SameSite=Lax");
        assertThat(new BrowserCookies(new Issuer("http://127.0.0.1:8080/oid")).language("en"))
                .isEqualTo("oid_lang=en; Path=/oid; HttpOnly; Max-Age=31536000; SameSite=Lax");
        Map<String, Cookie> sent = Map.of("oid_lang", new Cookie.Builder("oid_lang").value("fr").build());
        assertThat(new BrowserCookies(new Issuer("https://id.example.com")).language(sent)).isEmpty();
        assertThat(new BrowserCookies(new Issuer("http://127.0.0.1:8080")).language(sent)).contains("fr");
        assertThat(new BrowserCookies(new Issuer("http://127.0.0.1:8080")).language(
                new jakarta.servlet.http.Cookie[] {new jakarta.servlet.http.Cookie("oid_lang", "fr")})).contains("fr");
        assertThat(new BrowserCookies(new Issuer("http://127.0.0.1:8080")).language((jakarta.servlet.http.Cookie[]) null)).isEmpty();
    }
}
