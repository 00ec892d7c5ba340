package com.orbusdigital.oid.user;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Emails: the local part as a username, the domain through IDNA to ASCII. */
class EmailAddressesTest {

    private static void assertValid(String text, String enforced) {
        assertThat(EmailAddresses.enforce(text)).as(text).isEqualTo(new Identifier.Valid(enforced));
    }

    private static String problem(String text) {
        Identifier enforced = EmailAddresses.enforce(text);
        assertThat(enforced).as(text).isInstanceOf(Identifier.Invalid.class);
        return ((Identifier.Invalid) enforced).problem();
    }

    @Test
    void theLocalPartIsMappedLikeAUsernameAndTheDomainLowercased() {
        assertValid("Ada@Example.COM", "ada@example.com");
        assertValid("ａｄａ＠ｅｘａｍｐｌｅ．ｃｏｍ", "ada@example.com");
        assertValid("Re\u0301my@example.com", "r\u00e9my@example.com");
        assertValid("ΣΑΣ@example.gr", "σας@example.gr");
    }

    @Test
    void internationalDomainsAreStoredInTheirAsciiForm() {
        assertValid("ada@Bücher.example", "ada@xn--bcher-kva.example");
        assertValid("ada@xn--bcher-kva.example", "ada@xn--bcher-kva.example");
        assertValid("δοκιμή@παράδειγμα.δοκιμή", "δοκιμή@xn--hxajbheg2az3al.xn--jxalpdlp");
    }

    @Test
    void theLocalPartKeepsEveryPrintableAsciiCharacter() {
        assertValid("a+b!#$%&'*/=?^_`{|}~-.c@x.io", "a+b!#$%&'*/=?^_`{|}~-.c@x.io");
    }

    @Test
    void aMixedScriptLocalPartIsRefusedAsALookAlike() {
        assertThat(problem("аda@example.com")).isEqualTo(
                "has a local part that mixes scripts (such as Latin with Cyrillic or Greek), as look-alike names do");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada", "@example.com", "ada@", "ada@@example.com", "a@b@example.com", "ada@localhost",
            "ada@exam ple.com", "a b@example.com", "\"a b\"@example.com", "ada@[192.0.2.1]", "ada@example.com.",
            "ada@-example.com", "ada@exa_mple.com", "ada@example..com", "a\u200db@example.com", "ﬁx@example.com"})
    void anythingElseIsNotAnEmailAddress(String text) {
        assertThat(problem(text)).isEqualTo(EmailAddresses.FORMAT);
    }

    @Test
    void theLocalPartIsAtMost64Characters() {
        assertValid("a".repeat(64) + "@example.com", "a".repeat(64) + "@example.com");
        assertThat(problem("a".repeat(65) + "@example.com")).isEqualTo(EmailAddresses.FORMAT);
    }
}
