package com.orbusdigital.oid.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.config.ConfigSource;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.crypto.Hashes;
import com.orbusdigital.oid.user.Passwords;
import com.orbusdigital.oid.user.signin.SignInAttempts;
import com.orbusdigital.oid.web.page.Language;
import com.orbusdigital.oid.web.page.PageBrand;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import com.orbusdigital.oid.tenant.Branding;
import com.orbusdigital.oid.tenant.Brandings;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, self sign-up: what a request sends, rehearses or refuses, and the link's rules, with
 * fakes of the rows and a fixed clock (the SQL's own rules — single use, expiry, the tenant still
 * letting people sign up — run against PostgreSQL in SignUpIT).
 */
class SignUpTest {

    private static final Instant NOW = Instant.parse("2026-12-08T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final UUID TENANT = UUID.randomUUID();
    private static final OidConfig CONFIG = OidConfig.load(ConfigSource.of(Map.of("JWT_ISSUER", "https://oid.example.com",
            "DATABASE_URL", "postgres://ods:pw@db:5432/ods?search_path=oid")), false);
    private static final String RETURN = "response_type=code&client_id=web&state=s1";

    private final Attempts attempts = new Attempts();
    private final Limits limits = new Limits();
    private final Links links = new Links();
    private final Commit commit = new Commit();
    private final SignUp signUp = new SignUp(null, null, null, attempts, limits, links, commit, new Passwords(CONFIG), CLOCK, CONFIG,
            new Brandings() {
                @Override
                public Optional<Branding> of(UUID tenantId) {
                    return Optional.empty(); // no tenant has branding here: emails in OID's own look
                }
            });

    private static SignUp.Where where(String... domains) {
        return new SignUp.Where(TENANT, "Acme", Optional.empty(), List.of(domains), PageBrand.NONE);
    }

    @Test
    void aNewAddressGetsALinkOf256BitsStoredHashedBoundToTheAddressAndTheRequestForAnHour() {
        SignUp.Asked asked = signUp.request(where(), "  Ada@Example.COM ", Optional.of("Ada"), Language.FRENCH, RETURN, "ip:192.0.2.1");

        assertThat(asked).isInstanceOf(SignUp.Asked.Sent.class);
        assertThat(commit.rehearsed).isEmpty();
        SignUpCommit.Request sent = commit.sent.get(0);
        assertThat(sent.accountExists()).isFalse();
        assertThat(sent.email()).isEqualTo("ada@example.com");
        assertThat(sent.tenantId()).isEqualTo(TENANT);
        assertThat(sent.returnQuery()).isEqualTo(RETURN);
        assertThat(sent.name()).contains("Ada");
        assertThat(sent.expires()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(SignUp.VALID).isBetween(Duration.ofMinutes(30), Duration.ofHours(24));
        assertThat(sent.draft().kind()).isEqualTo("sign-up");
        assertThat(sent.draft().to()).isEqualTo("ada@example.com");
        assertThat(sent.draft().language()).isEqualTo(Language.FRENCH);

        URI link = URI.create((String) sent.draft().model().get("link"));
        assertThat(link.getPath()).isEqualTo("/login/sign-up/complete");
        String token = link.getQuery().replaceFirst("^token=([^&]+)&ui_locales=fr$", "$1");
        assertThat(token).matches("[A-Za-z0-9_-]{43}"); // 256 bits
        assertThat(sent.tokenHash()).isEqualTo(Hashes.sha256(token)).isNotEqualTo(token.getBytes());
        // both limits counted, under keys that never hold the address
        assertThat(limits.counted).hasSize(2).allSatisfy(key -> assertThat(key).doesNotContain("ada", "192.0.2.1"));
    }

    @Test
    void anAddressThatHasAnAccountGetsTheEmailThatSaysSoWithTheForgottenPasswordAndNoLinkAndTheSameWork() {
        attempts.known.add("ada@example.com");
        SignUp.Asked asked = signUp.request(where(), "ada@example.com", Optional.empty(), Language.ENGLISH, RETURN, "ip:192.0.2.1");

        assertThat(asked).isInstanceOf(SignUp.Asked.Sent.class);
        SignUpCommit.Request sent = commit.sent.get(0);
        assertThat(sent.accountExists()).as("the link row rehearsed, not written").isTrue();
        assertThat(sent.draft().kind()).isEqualTo("sign-up-exists");
        assertThat(sent.draft().model()).doesNotContainKey("link")
                .containsEntry("forgot", "https://oid.example.com/login/password/forgot?" + RETURN);
        assertThat(attempts.looked).containsExactly("ada@example.com");
        assertThat(limits.counted).hasSize(2);
    }

    @Test
    void pastEitherLimitTheSameWorkIsRehearsedAndNothingSent() {
        limits.most = 0;
        SignUp.Asked asked = signUp.request(where(), "ada@example.com", Optional.empty(), Language.ENGLISH, RETURN, "ip:192.0.2.1");
        assertThat(asked).isInstanceOf(SignUp.Asked.Sent.class);
        assertThat(commit.sent).isEmpty();
        assertThat(commit.rehearsed).hasSize(1);
        assertThat(commit.rehearsed.get(0).draft().kind()).isEqualTo("sign-up");
    }

    @Test
    void anAddressOutsideTheDomainsOrNoAddressAtAllIsRefusedBeforeAnythingIsLookedUp() {
        SignUp.Asked outside = signUp.request(where("example.com"), "ada@eu.example.com", Optional.empty(), Language.ENGLISH, RETURN, "ip:1");
        assertThat(outside).isEqualTo(new SignUp.Asked.OutsideDomains(List.of("example.com")));
        for (String notAnAddress : List.of("ada", "ada@localhost", "ada@@example.com", "ada smith@example.com", "ada!@example.com",
                "<ada@example.com>", "ada@example.com\r\nBcc: eve@example.com", "x".repeat(70) + "@example.com")) {
            assertThat(signUp.request(where(), notAnAddress, Optional.empty(), Language.ENGLISH, RETURN, "ip:1")).as(notAnAddress)
                    .isInstanceOf(SignUp.Asked.NotAnAddress.class);
        }
        assertThat(attempts.looked).isEmpty();
        assertThat(limits.counted).isEmpty();
        assertThat(commit.sent).isEmpty();
        assertThat(commit.rehearsed).isEmpty();
        // within the domains, an address whose domain is written in Unicode matches its ASCII form
        assertThat(signUp.request(where("xn--bcher-kva.example"), "Ada@Bücher.Example", Optional.empty(), Language.ENGLISH, RETURN, "ip:1"))
                .isInstanceOf(SignUp.Asked.Sent.class);
        assertThat(commit.sent.get(0).email()).isEqualTo("ada@xn--bcher-kva.example");
    }

    @Test
    void aTokenThatCannotBeOneIsDeadWithoutALookupAndAMismatchOrAWeakPasswordKeepTheLinkUnused() {
        assertThat(signUp.complete("short", "quartz meadow lantern harbour", "quartz meadow lantern harbour"))
                .isInstanceOf(SignUp.Outcome.Dead.class);
        assertThat(signUp.complete("A".repeat(42) + "=", "x", "x")).isInstanceOf(SignUp.Outcome.Dead.class);
        assertThat(links.lookedAt).isEmpty();

        String token = "B".repeat(43);
        assertThat(signUp.complete(token, "quartz meadow lantern harbour", "quartz meadow lantern harbour"))
                .as("unknown, expired or used: the SQL finds no live row").isInstanceOf(SignUp.Outcome.Dead.class);
        assertThat(links.lookedAt).containsExactly(NOW);

        links.live = Optional.of(new SignUpLinks.Live(TENANT, "ada@example.com", Optional.empty(), RETURN));
        assertThat(signUp.complete(token, "quartz meadow lantern harbour", "quartz meadow lantern harbor"))
                .isInstanceOf(SignUp.Outcome.Mismatch.class);
        assertThat(signUp.complete(token, "short", "short")).isInstanceOf(SignUp.Outcome.Refused.class);
        assertThat(signUp.complete(token, "ada@example.com!!", "ada@example.com!!")).isInstanceOf(SignUp.Outcome.Refused.class);
        assertThat(commit.completed).isEmpty();

        commit.outcome = Optional.of(new SignUpCommit.Used.Created(TENANT, UUID.randomUUID(), RETURN));
        assertThat(signUp.complete(token, "quartz meadow lantern harbour", "quartz meadow lantern harbour"))
                .isInstanceOf(SignUp.Outcome.Created.class);
        assertThat(commit.completed).containsExactly("web");
        commit.outcome = Optional.of(new SignUpCommit.Used.Taken(TENANT));
        assertThat(signUp.complete(token, "quartz meadow lantern harbour", "quartz meadow lantern harbour"))
                .isInstanceOf(SignUp.Outcome.Taken.class);
    }

    /** Finds the addresses it was told have an account. */
    private static final class Attempts extends SignInAttempts {
        final List<String> known = new ArrayList<>();
        final List<String> looked = new ArrayList<>();

        @Override
        public Optional<Candidate> find(UUID tenantId, String login) {
            looked.add(login);
            return known.contains(login) ? Optional.of(new Candidate(UUID.randomUUID(), tenantId, Optional.empty(), true, Optional.empty()))
                    : Optional.empty();
        }
    }

    private static final class Limits extends PasswordResetLinks {
        final List<String> counted = new ArrayList<>();
        final Map<String, Integer> counts = new HashMap<>();
        int most = Integer.MAX_VALUE;

        @Override
        boolean withinLimit(String key, int limit, Duration window) {
            counted.add(key);
            return counts.merge(key, 1, Integer::sum) <= Math.min(limit, most);
        }
    }

    private static final class Links extends SignUpLinks {
        Optional<SignUpLinks.Live> live = Optional.empty();
        final List<Instant> lookedAt = new ArrayList<>();

        @Override
        Optional<Live> findLive(byte[] tokenHash, Instant now) {
            lookedAt.add(now);
            return live;
        }
    }

    private static final class Commit extends SignUpCommit {
        final List<Request> sent = new ArrayList<>();
        final List<Request> rehearsed = new ArrayList<>();
        final List<String> completed = new ArrayList<>();
        Optional<Used> outcome = Optional.empty();

        @Override
        public void send(Request request) {
            sent.add(request);
        }

        @Override
        public void rehearse(Request request) {
            rehearsed.add(request);
        }

        @Override
        public Optional<Used> complete(byte[] tokenHash, String passwordHash, String clientId) {
            completed.add(clientId);
            return outcome;
        }
    }
}
