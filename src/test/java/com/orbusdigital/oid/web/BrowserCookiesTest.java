package com.orbusdigital.oid.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.config.Issuer;
import org.junit.jupiter.api.Test;

class BrowserCookiesTest {

    @Test
    void theSessionCookieIsHttpOnlyLaxAndSecureOnlyUnderHttps() {
        assertThat(new BrowserCookies(new Issuer("https://id.example.com")).session("v"))
                .isEqualTo("oid_session=v; Path=/; HttpOnly; Secure; SameSite=Lax");
        assertThat(new BrowserCookies(new Issuer("http://127.0.0.1:8080")).session("v"))
                .isEqualTo("oid_session=v; Path=/; HttpOnly; SameSite=Lax");
    }

    @Test
    void cookiesStayUnderTheIssuersPath() {
        BrowserCookies cookies = new BrowserCookies(new Issuer("https://example.com/oid"));
        assertThat(cookies.csrf("c")).isEqualTo("oid_csrf=c; Path=/oid; HttpOnly; Secure; SameSite=Strict");
        assertThat(cookies.clearSession()).isEqualTo("oid_session=; Path=/oid; HttpOnly; Secure; Max-Age=0; SameSite=Lax");
    }
}
