package com.orbusdigital.oid.web.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A tenant's look on OID's pages (issue 17, item 8), and OID's own without one. */
class BrandedPagesTest {

    private static final String LOGO = "branding/0b6c0000-0000-4000-8000-000000000001/logo?v=" + "ab".repeat(32);
    private static final PageBrand ACME = new PageBrand(Optional.of("Acme <Corp>"), Optional.of(LOGO), Optional.of("#c0392b"));
    private static final LanguageSwitch TOP = new LanguageSwitch(Language.ENGLISH, "authorize", Map.of());
    private static final LanguageSwitch BELOW = new LanguageSwitch(Language.FRENCH, "../authorize", Map.of());

    @Test
    void aBrandedPageShowsTheDisplayNameEscapedTheLogoAndTheColoursStylesheetBesideOids() {
        String html = Pages.SERVED.branded(ACME).login(login(), TOP);

        assertThat(html).contains("<link rel=\"stylesheet\" href=\"assets/oid.css\">",
                "<link rel=\"stylesheet\" href=\"branding/accent/c0392b.css\">",
                "<img class=\"logo\" src=\"" + LOGO + "\" alt=\"\">",
                "<span>Acme &lt;Corp&gt;</span>")
                .doesNotContain("class=\"mark\"", "Tenant name");
        // a page answered one level down climbs back to OID's top level, as for the stylesheet
        assertThat(Pages.SERVED.branded(ACME).error(Message.of("unavailable.title"), Message.of("unavailable.text"), BELOW))
                .contains("href=\"../branding/accent/c0392b.css\"", "src=\"../" + LOGO + "\"", "<span>Acme &lt;Corp&gt;</span>");
    }

    @Test
    void withoutBrandingAPageLooksAsItAlwaysDid() {
        String unbranded = Pages.SERVED.login(login(), TOP);

        assertThat(Pages.SERVED.branded(PageBrand.NONE).login(login(), TOP)).isEqualTo(unbranded);
        assertThat(unbranded).contains("class=\"mark\"", "<span>Tenant name</span>").doesNotContain("branding/", "class=\"logo\"");
        // each part on its own: a colour alone keeps OID's mark and the tenant's name
        assertThat(Pages.SERVED.branded(new PageBrand(Optional.empty(), Optional.empty(), Optional.of("#112233"))).login(login(), TOP))
                .contains("branding/accent/112233.css", "class=\"mark\"", "<span>Tenant name</span>");
    }

    @Test
    void onlyALowercaseHexColourIsABrandsColour() {
        assertThatThrownBy(() -> new PageBrand(Optional.empty(), Optional.empty(), Optional.of("red")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PageBrand(Optional.empty(), Optional.empty(), Optional.of("#C0392B")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theColoursStylesheetSetsTheAccentItsHoverAndTheMoreContrastingTextOnIt() {
        assertThat(AccentTheme.css("c0392b")).hasValueSatisfying(css -> assertThat(css)
                .contains("--accent: #c0392b;", "--accent-hover: #a33024;", "--on-accent: #fff;"));
        assertThat(AccentTheme.css("f1c40f")).hasValueSatisfying(css -> assertThat(css).contains("--on-accent: #0b1530;"));
        assertThat(AccentTheme.css("ffffff")).hasValueSatisfying(css -> assertThat(css).contains("--on-accent: #0b1530;"));
        assertThat(AccentTheme.css("000000")).hasValueSatisfying(css -> assertThat(css).contains("--on-accent: #fff;"));
        for (String notAColour : new String[] {null, "", "C0392B", "c0392", "c0392bb", "red;}", "c0392b;x"}) {
            assertThat(AccentTheme.css(notAColour)).as(String.valueOf(notAColour)).isEmpty();
        }
    }

    private static Pages.LoginForm login() {
        return new Pages.LoginForm("Tenant name", "Portal", "login", Map.of(), "", Optional.empty());
    }
}
