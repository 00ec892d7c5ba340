package com.orbusdigital.oid.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.Fixtures;
import com.orbusdigital.oid.testing.Fixtures.SessionExpiry;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.UserAgent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When a sign-in session ends, decided by the statements of {@code Sessions} in PostgreSQL (so no
 * unit test reaches it): unused for OID_SESSION_IDLE_SECS (1800 s here) or OID_SESSION_MAX_SECS after
 * sign-in, whichever comes first. Time passes by moving the session's ends in the table; prompt=none
 * asks whether the browser's session still answers.
 */
@OidIT
class SessionExpiryIT {

    private RunningOid oid;

    private SignInScenario scenario;
    private Fixtures fixtures;
    private UserAgent browser;
    private UUID user;

    @BeforeEach
    void signedIn() throws Exception {
        scenario = SignInScenario.create(oid.root(), oid.issuer(), "https://app.example/callback", "public", "");
        fixtures = oid.fixtures();
        browser = new UserAgent();
        scenario.signedIn(browser);
        user = UUID.fromString(scenario.userId);
    }

    /** What /authorize with prompt=none sends back to the client: a code while the session lives, login_required once it ended. */
    private Map<String, String> promptNone() {
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        request.put("prompt", "none");
        Http.Response answer = browser.get(scenario.authorizeUri(request));
        assertThat(answer.status()).as(answer.body()).isEqualTo(302);
        return UserAgent.redirectParameters(answer);
    }

    @Test
    void aSessionAnswersWhileItLives() {
        assertThat(promptNone()).containsKey("code").doesNotContainKey("error");
    }

    @Test
    void aSessionUnusedPastItsIdleExpiryIsNotResumed() {
        Instant now = Instant.now();
        fixtures.expireSessions(user, new SessionExpiry(now.minusSeconds(1), now.plusSeconds(3600)));

        assertThat(promptNone()).containsEntry("error", "login_required").doesNotContainKey("code");
    }

    @Test
    void aSessionPastItsAbsoluteEndIsNotResumed() {
        Instant now = Instant.now();
        fixtures.expireSessions(user, new SessionExpiry(now.minusSeconds(1), now.minusSeconds(1)));

        assertThat(promptNone()).containsEntry("error", "login_required").doesNotContainKey("code");
    }

    @Test
    void resumingMovesTheIdleExpiryForwardByTheIdleTime() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        fixtures.expireSessions(user, new SessionExpiry(now.plusSeconds(30), now.plusSeconds(36_000)));

        assertThat(promptNone()).containsKey("code");

        SessionExpiry resumed = fixtures.sessionExpiry(user);
        assertThat(resumed.expiresAt()).isBetween(now.plusSeconds(1800), Instant.now().plusSeconds(1800));
        assertThat(resumed.maxExpiresAt()).isEqualTo(now.plusSeconds(36_000));
    }

    @Test
    void resumingNeverMovesTheExpiryPastTheAbsoluteEnd() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        fixtures.expireSessions(user, new SessionExpiry(now.plusSeconds(30), now.plusSeconds(60)));

        assertThat(promptNone()).containsKey("code");

        assertThat(fixtures.sessionExpiry(user)).isEqualTo(new SessionExpiry(now.plusSeconds(60), now.plusSeconds(60)));
    }
}
