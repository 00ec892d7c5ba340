package com.orbusdigital.oid.web.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.orbusdigital.oid.config.Issuer;
import com.orbusdigital.oid.config.MailAddresses;
import com.orbusdigital.oid.web.BrowserCookies;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 8: a tenant's look in its emails (the logo by its URL on OID, the accent colour in
 * inline styles, the text form untouched but for the name) and OID's own without one; and on the
 * error pages of a request whose client is known, never on one whose client is not.
 */
class BrandedEmailsTest {

    private static final String LOGO = "https://oid.example.com/branding/0b6c0000-0000-4000-8000-000000000001/logo?v=" + "ab".repeat(32);
    private static final String LINK = "https://oid.example.com/login/password/reset?token=abc&ui_locales=en";
    private static final String NAME = "<img src=x onerror=alert(1)> \"Ada\" & co";

    private static Emails.Rendered render(Emails.Brand brand) {
        return Emails.SERVED.render("password-reset", Language.ENGLISH, brand, Map.of("name", NAME, "link", LINK, "minutes", 15L));
    }

    @Test
    void aBrandedEmailShowsTheLogoByItsUrlAndTheAccentColourInInlineStylesEverythingTypedEscaped() {
        Emails.Rendered branded = render(new Emails.Brand("Acme <Corp>", Optional.of(LOGO), Optional.of("#c0392b")));

        assertThat(branded.html())
                .contains("<img src=\"" + LOGO + "\" alt=\"Acme &lt;Corp&gt;\" height=\"40\"")
                .contains("<a href=\"https://oid.example.com/login/password/reset?token=abc&amp;ui_locales=en\" style=\"display: inline-block;",
                        "background-color: #c0392b; color: #fff;")
                .contains("Hello &lt;img src=x onerror=alert(1)&gt; &quot;Ada&quot; &amp; co,", "<title>Reset your Acme &lt;Corp&gt; password</title>")
                .doesNotContain("<style", "<script", "<img src=x", "Acme <Corp>", "cid:");
        assertThat(branded.html().split("<img ", -1)).as("one image: the logo").hasSize(2);
        // the text form names the sender and says nothing of the look; a name holding markup stays the person's words
        Emails.Rendered unbranded = render(new Emails.Brand("Acme <Corp>"));
        assertThat(branded.text()).isEqualTo(unbranded.text()).contains("Hello " + NAME + ",", "Acme <Corp>", LINK)
                .doesNotContain(LOGO, "#c0392b", "&lt;", "&amp;");
        assertThat(branded.subject()).isEqualTo(unbranded.subject()).isEqualTo("Reset your Acme <Corp> password");
        // on a light accent, the button's words are dark
        assertThat(render(new Emails.Brand("Acme", Optional.empty(), Optional.of("#f1c40f"))).html())
                .contains("background-color: #f1c40f; color: #0b1530;").doesNotContain("<img");
    }

    @Test
    void withoutBrandingTheEmailKeepsOidsOwnLook() {
        String html = render(new Emails.Brand("Acme")).html();

        assertThat(html).contains("<p><a href=\"https://oid.example.com/login/password/reset?token=abc&amp;ui_locales=en\">Choose a new password</a></p>",
                        "<body style=\"font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2328;\">", "<p>Acme</p>")
                .doesNotContain("<img", "background-color", "<style");
        assertThat(render(new Emails.Brand("Acme", Optional.empty(), Optional.empty())).html()).isEqualTo(html);
    }

    @Test
    void aBrandTakesOnlyAnAbsoluteLogoUrlAndALowercaseHexColour() {
        for (String color : new String[] {"red", "#C0392B", "#c0392", "#c0392b; background: url(https://evil.example/)", "#c0392b\"", ""}) {
            assertThatThrownBy(() -> new Emails.Brand("Acme", Optional.empty(), Optional.of(color))).as(color)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        for (String url : new String[] {"javascript:alert(1)", "//oid.example.com/logo", "branding/x/logo", "data:image/png;base64,AAAA",
                "https://oid.example.com/logo\" onerror=\"alert(1)", "https://oid.example.com/a b", "cid:logo"}) {
            assertThatThrownBy(() -> new Emails.Brand("Acme", Optional.of(url), Optional.empty())).as(url)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        // an address can carry no header: a line break, or a second address, is no address
        for (String address : new String[] {"ada@example.com\r\nBcc: eve@example.com", "ada@example.com\nBcc: eve@example.com",
                "ada@example.com, eve@example.com", "a".repeat(70_000) + "@example.com"}) {
            assertThat(MailAddresses.isValid(address)).as(address).isFalse();
        }
    }

    @Test
    void anErrorPageOfAKnownClientHasItsTenantsLookAndOneOfAnUnknownClientOids() {
        PageBrand acme = new PageBrand(Optional.of("Acme <Corp>"), Optional.of("branding/t/logo?v=1"), Optional.of("#c0392b"));
        PageRequest request = PageRequest.of("authorize", Map.of("client_id", "portal"), List.of("client_id"), null,
                Optional.of(new BrowserCookies(new Issuer("http://localhost:8080"))), Map.of());
        BrowserError page = BrowserError.page(Message.of("authorize.error.title"), Message.of("authorize.error.redirect_uri_not_registered"));

        Response known = BrowserErrorMapper.answer(page.inLanguageOf(Optional.of(Language.FRENCH)).inLookOf(acme).refusingAnAddress(),
                request, false, "https://oid.example");
        assertThat(known.getStatus()).isEqualTo(400);
        assertThat((String) known.getEntity()).contains("lang=\"fr\"", "href=\"branding/accent/c0392b.css\"", "src=\"branding/t/logo?v=1\"",
                "<span>Acme &lt;Corp&gt;</span>");

        Response unknown = BrowserErrorMapper.answer(page, request, false, "https://oid.example");
        assertThat((String) unknown.getEntity()).doesNotContain("branding/", "Acme").contains("class=\"mark\"");
        assertThat(page.look()).isEqualTo(PageBrand.NONE);
    }
}
