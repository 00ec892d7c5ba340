package com.orbusdigital.oid.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The browser test infrastructure on its own, before any OID page uses it: a real chromium against a local callback. */
class BrowserIT {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void redirectToTheCallbackArrivesWithItsDecodedParameters() throws Exception {
        try (CallbackServer callback = CallbackServer.start(); Browser browser = Browser.start()) {
            String url = callback.uri("/callback") + "?code=abc&state=x%20y";

            browser.open(url);

            assertThat(callback.awaitRequest("/callback", WAIT)).containsExactly(entry("code", "abc"), entry("state", "x y"));
            assertThat(browser.currentUrl()).isEqualTo(url);
            byte[] png = Files.readAllBytes(browser.screenshot("browser-it-callback"));
            assertThat(png).startsWith(PNG_SIGNATURE);
            assertThat(png.length).isGreaterThan(1_000);
            assertThat(pngWidth(png)).isEqualTo(1280);
        }
    }

    @Test
    void formWithoutJavaScriptPostsWhatWasTypedWhenEnterIsPressed() throws Exception {
        try (CallbackServer server = CallbackServer.start(); Browser browser = Browser.start()) {
            server.serve("/form", """
                    <!doctype html>
                    <form method="post" action="/submitted">
                      <label for="username">Username</label>
                      <input id="username" name="username" type="text">
                    </form>""");
            browser.resize(390, 844);
            browser.open(server.uri("/form"));
            WebElement input = browser.driver().findElement(By.id(
                    browser.driver().findElement(By.xpath("//label[text()='Username']")).getDomAttribute("for")));

            input.sendKeys("ada lovelace & co", Keys.ENTER);

            assertThat(server.awaitPost("/submitted", WAIT)).containsExactly(entry("username", "ada lovelace & co"));
            assertThat(pngWidth(Files.readAllBytes(browser.screenshot("browser-it-form-phone")))).isEqualTo(390);
        }
    }

    /** Width from the IHDR chunk, which follows the signature and the chunk's length and type. */
    private static int pngWidth(byte[] png) {
        return ByteBuffer.wrap(png, 16, 4).getInt();
    }
}
