package com.orbusdigital.oid.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.web.page.Emails;
import com.orbusdigital.oid.web.page.Language;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 17, item 3: the verification emails as rendered — each in its own words, escaped, and the notice without a link. */
class EmailVerificationMailTest {

    private static final String LINK = "https://oid.example.com/account/email/verify?token=abc&ui_locales=fr";

    private static Emails.Rendered link(String kind, Language language, String name) {
        return Emails.SERVED.render(kind, language, new Emails.Brand("Acme"), Map.of("name", name, "link", LINK, "hours", 24L,
                "address", "nora@new.example.com", "keys", "email." + kind));
    }

    @Test
    void theLinkToAnAddressAndTheLinkToANewOneShareATemplateInTheirOwnWords() {
        Emails.Rendered verify = link(EmailVerification.VERIFY_KIND, Language.ENGLISH, "<b>Nora</b>");
        assertThat(verify.subject()).isEqualTo("Confirm your Acme email address");
        assertThat(verify.text()).contains("Hello <b>Nora</b>,", "Confirm that nora@new.example.com is the email address", LINK,
                "for 24 hours");
        assertThat(verify.html()).contains("Hello &lt;b&gt;Nora&lt;/b&gt;,", "href=\"" + LINK.replace("&", "&amp;") + "\"")
                .doesNotContain("<b>");

        Emails.Rendered change = link(EmailVerification.CHANGE_KIND, Language.FRENCH, "Nora");
        assertThat(change.subject()).isEqualTo("Confirmez votre nouvelle adresse e-mail Acme");
        assertThat(change.text()).contains("Bonjour Nora,", "d’utiliser nora@new.example.com", LINK, "Votre adresse précédente reste");
        assertThat(change.html()).contains("lang=\"fr\"", "Confirmer la nouvelle adresse", "href=");
    }

    @Test
    void theNoticeToThePreviousAddressCarriesNoLink() {
        Emails.Rendered notice = Emails.SERVED.render(EmailVerification.NOTICE_KIND, Language.ENGLISH, new Emails.Brand("Acme"),
                Map.of("name", "Nora", "address", EmailVerification.masked("nora@new.example.com")));
        assertThat(notice.subject()).isEqualTo("Your Acme email address has been changed");
        assertThat(notice.text()).contains("changed to n***@new.example.com", "If it was not you").doesNotContain("http", "nora@");
        assertThat(notice.html()).contains("n***@new.example.com").doesNotContain("href", "nora@");
    }
}
