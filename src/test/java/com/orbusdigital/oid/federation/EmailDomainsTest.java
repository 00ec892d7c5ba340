package com.orbusdigital.oid.federation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailDomainsTest {

    @Test
    void theDomainOfAnAddressIsLowercaseAscii() {
        assertThat(EmailDomains.of("Grace.Hopper@CORP.Example")).contains("corp.example");
        assertThat(EmailDomains.of("  grace@corp.example ")).contains("corp.example");
    }

    @Test
    void anInternationalDomainIsItsIdnaAsciiForm() {
        assertThat(EmailDomains.of("anna@Bücher.example")).contains("xn--bcher-kva.example");
        assertThat(EmailDomains.of("anna@xn--bcher-kva.example")).contains("xn--bcher-kva.example");
    }

    @Test
    void aSubdomainIsItsOwnDomainNotItsParents() {
        assertThat(EmailDomains.of("grace@sales.corp.example")).contains("sales.corp.example");
    }

    @Test
    void whatIsNotAnAddressHasNoDomain() {
        assertThat(EmailDomains.of("grace")).isEmpty();
        assertThat(EmailDomains.of("grace@")).isEmpty();
        assertThat(EmailDomains.of("@corp.example")).isEmpty();
        assertThat(EmailDomains.of("a@b@corp.example")).isEmpty();
        assertThat(EmailDomains.of("grace@localhost")).isEmpty();
        assertThat(EmailDomains.of(null)).isEmpty();
    }
}
