package com.orbusdigital.oid.user;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 8265 §3.3 UsernameCaseMapped and UTS #39, as usernames are created and looked up. */
class UsernamesTest {

    private static Identifier enforce(String text) {
        return Usernames.enforce(text);
    }

    private static void assertValid(String text, String enforced) {
        assertThat(enforce(text)).as(text).isEqualTo(new Identifier.Valid(enforced));
    }

    private static void assertInvalid(String text, String problem) {
        assertThat(enforce(text)).as(text).isInstanceOf(Identifier.Invalid.class);
        String message = ((Identifier.Invalid) enforce(text)).problem();
        assertThat(message).as(text).contains(problem);
        if (!text.isEmpty()) {
            assertThat(message).as("never repeats the text").doesNotContain(text);
        }
    }

    @Test
    void theFourAdminsOfTheIssueAreOneNameTwoLookAlikesAndAMixedScriptRefusal() {
        assertValid("admin", "admin");
        assertValid("ａｄｍｉｎ", "admin");                       // fullwidth: the same user
        assertInvalid("аdmin", "mixes scripts");                  // Cyrillic а among Latin letters
        assertValid("admın", "admın");                            // Latin dotless ı: valid on its own...
        assertThat(Usernames.skeleton("admın")).isEqualTo(Usernames.skeleton("admin"));  // ...but looks like admin
        assertThat(Usernames.skeleton("аdmin")).isEqualTo(Usernames.skeleton("admin"));
        assertThat(Usernames.skeleton("ＡＤＭＩＮ")).isEqualTo(Usernames.skeleton("admin"));
    }

    /** RFC 8265 §3.5's examples that UsernameCaseMapped accepts, with what it maps them to. */
    @ParameterizedTest
    @CsvSource({
            "juliet@example.com, juliet@example.com",
            "fussball, fussball",
            "fußball, fußball",         // toLowerCase, not case folding: ß stays
            "π, π",
            "Σ, σ",
            "σ, σ",
            "ς, ς",
            "ᾛ, ᾓ",                     // GREEK CAPITAL ETA WITH DASIA AND VARIA AND PROSGEGRAMMENI, lowercased
    })
    void rfc8265ExamplesThatAreValid(String text, String enforced) {
        assertValid(text, enforced);
    }

    /** RFC 8265 §3.5's examples that UsernameCaseMapped refuses: a space, nothing, a Roman numeral, a symbol. */
    @ParameterizedTest
    @ValueSource(strings = {"foo bar", "", "henry Ⅳ", "∞", "♚"})
    void rfc8265ExamplesThatAreInvalid(String text) {
        assertInvalid(text, Usernames.FORMAT);
    }

    @Test
    void widthMappingTurnsFullwidthAndHalfwidthFormsIntoTheirOrdinaryOnes() {
        assertValid("ＡＤＭＩＮ", "admin");
        assertValid("ｊｕｌｉｅｔ＠ｅｘａｍｐｌｅ．ｃｏｍ", "juliet@example.com");
        assertValid("ｶﾞｸ", "ガク");                           // halfwidth katakana and voiced mark, composed by NFC
    }

    @Test
    void caseIsMappedToLowercaseWithoutLocaleSurprises() {
        assertValid("Admin", "admin");
        assertValid("ADA.LOVELACE", "ada.lovelace");
        assertValid("ΣΑΣ", "σας");                                 // final sigma in context
        assertValid("ДМИТРИЙ", "дмитрий");
        assertValid("IVAN", "ivan");                               // the root locale: no Turkish dotless ı
    }

    @Test
    void nfcComposesWhatWasTypedDecomposed() {
        assertValid("re\u0301my", "r\u00e9my");
        assertValid("r\u00e9my", "r\u00e9my");
        assertThat(Usernames.skeleton("re\u0301my")).isEqualTo(Usernames.skeleton("r\u00e9my"));
    }

    @Test
    void singleScriptNamesAndTheHanKanaLatinMixesOfCjkAreAllowed() {
        assertValid("тест", "тест");
        assertValid("δοκιμή", "δοκιμή");
        assertValid("田中taro", "田中taro");
        assertValid("たなか.タロウ", "たなか.タロウ");
        assertValid("김민준", "김민준");
        assertValid("שלום1", "שלום1");
        assertValid("हिन्दी", "हिन्दी");                          // Devanagari needs its combining marks
        assertValid("ada_lovelace+test@b-c", "ada_lovelace+test@b-c");
    }

    @Test
    void mixedScriptsAndMixedDigitsAreRefused() {
        assertInvalid("ivanтест", "mixes scripts");
        assertInvalid("pаypal", "mixes scripts");
        assertInvalid("αdmin", "mixes scripts");                 // Greek alpha
        assertInvalid("ցoogle", "mixes scripts");                // Armenian: Moderately Restrictive would let it through
        assertInvalid("४2", "mixes");                            // Devanagari four with an ASCII two
    }

    @Test
    void charactersOutsideIdentifierClassAreRefused() {
        assertInvalid("ﬁx", Usernames.FORMAT);                  // a compatibility ligature is refused, not mapped
        assertInvalid("a²", Usernames.FORMAT);
        assertInvalid("zero\u200djoin", Usernames.FORMAT);      // an invisible joiner
        assertInvalid("soft\u00adhyphen", Usernames.FORMAT);
        assertInvalid("\u0640arab", Usernames.FORMAT);           // tatweel, disallowed by RFC 5892
        assertInvalid("a\u3000b", Usernames.FORMAT);             // an ideographic space
        assertInvalid("\u0301ada", Usernames.FORMAT);            // a combining mark first
        assertInvalid(".ada", Usernames.FORMAT);
        assertInvalid("a!b", Usernames.FORMAT);                  // ASCII symbols beyond . _ @ + -
        assertInvalid("a".repeat(Usernames.MAX_LENGTH + 1), Usernames.FORMAT);
        assertValid("a".repeat(Usernames.MAX_LENGTH), "a".repeat(Usernames.MAX_LENGTH));
    }

    @Test
    void rightToLeftTextFollowsTheBidiRule() {
        assertValid("שלום", "שלום");
        assertInvalid("1שלום", "RFC 5893");
        assertInvalid("abשלום", "RFC 5893");
    }

    @Test
    void skeletonsMatchLookAlikesAndOnlyThem() {
        assertThat(Usernames.skeleton("martin")).isEqualTo(Usernames.skeleton("rnartin"));
        assertThat(Usernames.skeleton("user1")).isEqualTo(Usernames.skeleton("userl"));
        assertThat(Usernames.skeleton("Admin")).isEqualTo(Usernames.skeleton("admin"));
        assertThat(Usernames.skeleton("admin")).isNotEqualTo(Usernames.skeleton("admins"));
        assertThat(Usernames.skeleton("ada")).isNotEqualTo(Usernames.skeleton("alan"));
    }

    /** Sign-in hands over whatever was typed; nothing makes enforcing fail instead of answering. */
    @ParameterizedTest
    @ValueSource(strings = {"\uD800", "a\uDC00b", "\u0000", "\uFFFF", "\u2028", "\u202Eadmin"})
    void anyTextIsJudgedWithoutFailing(String text) {
        assertInvalid(text, Usernames.FORMAT);
        assertThat(EmailAddresses.enforce(text + "@example.com")).isInstanceOf(Identifier.Invalid.class);
        assertThat(Usernames.skeleton(text)).isNotNull();
    }

    @Test
    void enforcingIsIdempotent() {
        for (String text : new String[] {"ＡＤＭＩＮ", "ΣΑΣ", "re\u0301my", "ｶﾞｸ", "田中taro"}) {
            String once = enforce(text).valid().orElseThrow();
            assertThat(enforce(once).valid()).contains(once);
        }
    }
}
