package com.orbusdigital.oid.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.config.Issuer;
import com.orbusdigital.oid.web.page.Language;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The brandings in memory (issue 17, item 8): what an email gets of its tenant, and when they are read again. */
class BrandingsTest {

    private static final UUID ACME = UUID.fromString("0b6c0000-0000-4000-8000-000000000001");
    private static final UUID PLAIN = UUID.fromString("0b6c0000-0000-4000-8000-000000000002");
    private static final String SHA256 = "ab".repeat(32);

    /** The store as the database would answer: a fingerprint, and every tenant's branding; counts the reads. */
    private static final class FakeStore extends TenantLogos {
        String fingerprint = "1";
        List<TenantLogos.Stored> stored = List.of(
                new TenantLogos.Stored(ACME, "acme", Optional.of("Acme <Corp>"), Optional.of("#c0392b"), Optional.of("fr"),
                        Optional.of(new TenantLogos.Logo("image/png", new byte[] {1, 2, 3}, SHA256))),
                new TenantLogos.Stored(PLAIN, "Plain Tenant", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        final AtomicInteger loads = new AtomicInteger();

        @Override
        String fingerprint() {
            return fingerprint;
        }

        @Override
        List<TenantLogos.Stored> everyBranding() {
            loads.incrementAndGet();
            return stored;
        }
    }

    private final FakeStore store = new FakeStore();
    private final Brandings brandings = new Brandings(store, new Issuer("https://id.example.com/oid/"));

    @Test
    void anEmailGetsTheDisplayNameTheLogosAbsoluteUrlTheColourAndTheLanguage() {
        assertThat(brandings.of(ACME)).contains(new Branding(ACME, "Acme <Corp>",
                Optional.of("https://id.example.com/oid/branding/" + ACME + "/logo?v=" + SHA256), Optional.of("#c0392b"),
                Optional.of(Language.FRENCH)));
        // without branding: the tenant's name and OID's defaults
        assertThat(brandings.of(PLAIN)).contains(new Branding(PLAIN, "Plain Tenant", Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(brandings.of(UUID.randomUUID())).isEmpty();
        assertThat(brandings.logo(ACME)).hasValueSatisfying(logo -> assertThat(logo.content()).containsExactly(1, 2, 3));
        assertThat(brandings.logo(PLAIN)).isEmpty();
    }

    @Test
    void theyAreReadOnceAndAgainOnlyWhenTheFingerprintMoves() {
        brandings.of(ACME);
        brandings.logo(PLAIN);
        brandings.poll();
        assertThat(store.loads).hasValue(1);

        store.stored = List.of(new TenantLogos.Stored(ACME, "acme", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        store.fingerprint = "2";
        brandings.poll();

        assertThat(store.loads).hasValue(2);
        assertThat(brandings.logo(ACME)).isEmpty();
        assertThat(brandings.of(ACME).map(Branding::displayName)).contains("acme");
        assertThat(brandings.of(PLAIN)).as("a tenant deleted meanwhile").isEmpty();
    }
}
