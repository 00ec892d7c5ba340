package com.orbusdigital.oid.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.protocol.Authentication;
import com.orbusdigital.oid.protocol.ClaimsRequest;
import com.orbusdigital.oid.protocol.Scope;
import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.token.RefreshTokens.Presented;
import com.orbusdigital.oid.token.RefreshTokens.Refresh;
import com.orbusdigital.oid.token.RefreshTokens.Rotation;
import com.orbusdigital.oid.token.RefreshTokens.Stored;
import com.orbusdigital.oid.user.TokenSubject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The refresh rules as {@link RefreshTokens#judge} states them, at a fixed instant: every outcome,
 * without a database. {@code RefreshRulesIT} proves that the one-statement path agrees with them.
 */
class RefreshTokenRulesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00.250Z"), ZoneOffset.UTC);
    private static final Instant NOW = CLOCK.instant();
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final Scope GRANTED = Scope.parse("openid profile email");
    private static final UUID CLIENT = UUID.randomUUID();
    private static final TokenSubject ALICE = new TokenSubject(UUID.randomUUID(), "alice", Optional.of("Alice"),
            Optional.of("alice@example.com"), true, NOW.minusSeconds(86_400), List.of("auditor"));

    @Test
    void judgeWhenValidThenRotatedWithTheGrantedScope() {
        Rotation outcome = judge(presented(token()), refresh(Optional.empty()));

        assertThat(outcome).isInstanceOf(Rotation.Rotated.class);
        Rotation.Rotated rotated = (Rotation.Rotated) outcome;
        assertThat(rotated.scope()).isEqualTo(GRANTED);
        assertThat(rotated.subject()).isEqualTo(ALICE);
    }

    @Test
    void judgeWhenANarrowerScopeIsAskedThenRotatedWithIt() {
        Rotation outcome = judge(presented(token()), refresh(Optional.of(Scope.parse("openid email"))));

        assertThat(((Rotation.Rotated) outcome).scope()).isEqualTo(Scope.parse("openid email"));
    }

    @Test
    void judgeWhenAWiderScopeIsAskedThenRefusedWithInvalidScopeNamingIt() {
        Rotation outcome = judge(presented(token()), refresh(Optional.of(Scope.parse("openid admin"))));

        assertThat(outcome).isEqualTo(new Rotation.Refused(OAuthError.INVALID_SCOPE,
                "scope 'admin' was not granted to this refresh token"));
    }

    @Test
    void judgeWhenTheTokenIsUnknownThenRefusedWithInvalidGrant() {
        assertThat(judge(Optional.empty(), refresh(Optional.empty()))).isEqualTo(invalidGrant());
    }

    @Test
    void judgeWhenAnotherClientPresentsTheTokenThenRefusedAsIfUnknown() {
        Refresh byAnother = new Refresh("value", UUID.randomUUID(), Optional.empty(), "next", NOW.plusSeconds(3600), "jti",
                NOW.plusSeconds(300), NOW);

        assertThat(RefreshTokens.judge(Optional.of(presented(token())), byAnother, GRACE)).isEqualTo(invalidGrant());
    }

    @Test
    void judgeWhenAnotherClientPresentsARetiredTokenThenRefusedAndNoReuseIsDetected() {
        Stored retired = token(NOW.minusSeconds(3600), NOW.plusSeconds(3600), Optional.of(NOW.minusSeconds(600)), Optional.empty(), false);
        Refresh byAnother = new Refresh("value", UUID.randomUUID(), Optional.empty(), "next", NOW.plusSeconds(3600), "jti",
                NOW.plusSeconds(300), NOW);

        // another client cannot have a family revoked by presenting its token
        assertThat(RefreshTokens.judge(Optional.of(presented(retired)), byAnother, GRACE)).isEqualTo(invalidGrant());
    }

    @Test
    void judgeWhenRevokedThenRefusedWithInvalidGrant() {
        Stored revoked = token(NOW.minusSeconds(60), NOW.plusSeconds(3600), Optional.empty(), Optional.of(NOW.minusSeconds(1)), false);

        assertThat(judge(presented(revoked), refresh(Optional.empty()))).isEqualTo(invalidGrant());
    }

    @Test
    void judgeWhenRevokedAfterItsReuseWasDetectedThenRefusedNotDetectedAgain() {
        Stored revoked = token(NOW.minusSeconds(3600), NOW.plusSeconds(3600), Optional.of(NOW.minusSeconds(600)),
                Optional.of(NOW.minusSeconds(300)), false);

        assertThat(judge(presented(revoked), refresh(Optional.empty()))).isEqualTo(invalidGrant());
    }

    @Test
    void judgeWhenIdleExpiredThenRefusedWithInvalidGrant() {
        Stored idle = token(NOW.minusSeconds(3600), NOW, Optional.empty(), Optional.empty(), false);

        // expiry is exclusive: a token is no longer valid at the instant it expires
        assertThat(judge(presented(idle), refresh(Optional.empty()))).isEqualTo(invalidGrant());
    }

    @Test
    void judgeWhenOneMillisecondBeforeItsIdleExpiryThenRotated() {
        Stored lastMoment = token(NOW.minusSeconds(3600), NOW.plusMillis(1), Optional.empty(), Optional.empty(), false);

        assertThat(judge(presented(lastMoment), refresh(Optional.empty()))).isInstanceOf(Rotation.Rotated.class);
    }

    @Test
    void judgeWhenTheFamilyHasReachedItsAbsoluteEndThenRefusedWithInvalidGrant() {
        // a token's expiry is capped at its family's end when it is stored
        Stored familyEnded = new Stored(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), CLIENT, ALICE.id(), Optional.empty(),
                GRANTED, signIn(NOW.minus(Duration.ofDays(30))), NOW.minusSeconds(3600), NOW.minusSeconds(1), NOW.minusSeconds(1),
                Optional.empty(), Optional.empty(), false, "app", ClaimsRequest.NONE);

        assertThat(judge(presented(familyEnded), refresh(Optional.empty()))).isEqualTo(invalidGrant());
    }

    @Test
    void judgeWhenExpiredAndAskingAWiderScopeThenRefusedWithInvalidGrantFirst() {
        Stored idle = token(NOW.minusSeconds(3600), NOW.minusSeconds(1), Optional.empty(), Optional.empty(), false);

        assertThat(judge(presented(idle), refresh(Optional.of(Scope.parse("admin"))))).isEqualTo(invalidGrant());
    }

    @Test
    void judgeWhenRetiredWithinTheGracePeriodThenRotatedAgain() {
        Stored retired = token(NOW.minusSeconds(3600), NOW.plusSeconds(3600), Optional.of(NOW.minus(GRACE).plusMillis(1)),
                Optional.empty(), false);

        assertThat(judge(presented(retired), refresh(Optional.empty()))).isInstanceOf(Rotation.Rotated.class);
    }

    @Test
    void judgeWhenRetiredExactlyTheGracePeriodAgoThenReuseDetected() {
        Stored retired = token(NOW.minusSeconds(3600), NOW.plusSeconds(3600), Optional.of(NOW.minus(GRACE)), Optional.empty(), false);

        Rotation outcome = judge(presented(retired), refresh(Optional.empty()));

        assertThat(outcome).isEqualTo(new Rotation.ReuseDetected(retired, 0));
    }

    @Test
    void judgeWhenRetiredAndTheGracePeriodIsZeroThenReuseDetectedAtOnce() {
        Stored retired = token(NOW.minusSeconds(3600), NOW.plusSeconds(3600), Optional.of(NOW), Optional.empty(), false);

        assertThat(RefreshTokens.judge(Optional.of(presented(retired)), refresh(Optional.empty()), Duration.ZERO))
                .isInstanceOf(Rotation.ReuseDetected.class);
    }

    @Test
    void judgeWhenAConcurrentUseRetiredTheTokenAfterThisRequestsClockAndTheGracePeriodIsZeroThenReuseDetected() {
        // two presentations at once: the other one stamped its rotation a little after this request read the clock
        Stored retired = token(NOW.minusSeconds(3600), NOW.plusSeconds(3600), Optional.of(NOW.plusMillis(3)), Optional.empty(), false);

        assertThat(RefreshTokens.judge(Optional.of(presented(retired)), refresh(Optional.empty()), Duration.ZERO))
                .isInstanceOf(Rotation.ReuseDetected.class);
    }

    @Test
    void judgeWhenAConcurrentUseRetiredTheTokenAfterThisRequestsClockWithinAGracePeriodThenRotatedAgain() {
        Stored retired = token(NOW.minusSeconds(3600), NOW.plusSeconds(3600), Optional.of(NOW.plusMillis(3)), Optional.empty(), false);

        assertThat(judge(presented(retired), refresh(Optional.empty()))).isInstanceOf(Rotation.Rotated.class);
    }

    @Test
    void judgeWhenRetiredLongAgoAndExpiredSinceThenStillReuseDetected() {
        // an old stolen token is still evidence that two parties hold the family
        Stored stale = token(NOW.minusSeconds(7200), NOW.minusSeconds(60), Optional.of(NOW.minusSeconds(3600)), Optional.empty(), false);

        assertThat(judge(presented(stale), refresh(Optional.empty()))).isInstanceOf(Rotation.ReuseDetected.class);
    }

    @Test
    void judgeWhenTheClientIsDisabledThenRefusedWithInvalidGrant() {
        Presented clientDisabled = new Presented(token(), Optional.of(ALICE), false, Optional.empty(), Optional.empty());

        assertThat(judge(clientDisabled, refresh(Optional.empty()))).isEqualTo(invalidGrant());
    }

    @Test
    void judgeWhenTheUsersWatermarkCoversTheTokenThenRefusedWithInvalidGrant() {
        Stored token = token();
        Presented covered = new Presented(token, Optional.of(ALICE), true, Optional.empty(), Optional.of(token.createdAt().plusSeconds(5)));

        assertThat(judge(covered, refresh(Optional.empty()))).isEqualTo(invalidGrant());
    }

    @Test
    void judgeWhenTheClientsWatermarkCoversTheTokenThenRefusedWithInvalidGrant() {
        Stored token = token();
        Presented covered = new Presented(token, Optional.of(ALICE), true, Optional.of(token.createdAt().plusSeconds(5)), Optional.empty());

        assertThat(judge(covered, refresh(Optional.empty()))).isEqualTo(invalidGrant());
    }

    @Test
    void judgeWhenAWatermarkFallsInTheSecondTheTokenWasIssuedThenItCoversIt() {
        // watermarks are whole seconds (JWT iat); a token issued at 11:59:00.250 is of the second 11:59:00
        Stored token = token(Instant.parse("2026-03-01T11:59:00.250Z"), NOW.plusSeconds(3600), Optional.empty(), Optional.empty(), false);
        Presented covered = new Presented(token, Optional.of(ALICE), true, Optional.empty(),
                Optional.of(Instant.parse("2026-03-01T11:59:00Z")));

        assertThat(judge(covered, refresh(Optional.empty()))).isEqualTo(invalidGrant());
    }

    @Test
    void judgeWhenTheWatermarkIsOlderThanTheTokenThenRotated() {
        Stored token = token();
        Presented older = new Presented(token, Optional.of(ALICE), true, Optional.of(token.createdAt().minusSeconds(1)),
                Optional.of(token.createdAt().minusSeconds(1)));

        assertThat(judge(older, refresh(Optional.empty()))).isInstanceOf(Rotation.Rotated.class);
    }

    @Test
    void judgeWhenTheUserCanNoLongerSignInThenRefusedSayingSo() {
        // the view token_subjects has no row for a disabled user or a user of a disabled tenant
        Presented gone = new Presented(token(), Optional.empty(), true, Optional.empty(), Optional.empty());

        assertThat(judge(gone, refresh(Optional.empty())))
                .isEqualTo(new Rotation.Refused(OAuthError.INVALID_GRANT, "the user can no longer sign in"));
    }

    @Test
    void judgeWhenOfflineThenRotatedLikeAnyOtherToken() {
        Stored offline = token(NOW.minusSeconds(60), NOW.plusSeconds(3600), Optional.empty(), Optional.empty(), true);

        Rotation outcome = judge(presented(offline), refresh(Optional.empty()));

        assertThat(((Rotation.Rotated) outcome).token().offline()).isTrue();
    }

    @Test
    void judgeWhenOfflineButTheUserCanNoLongerSignInThenRefused() {
        Stored offline = token(NOW.minusSeconds(60), NOW.plusSeconds(3600), Optional.empty(), Optional.empty(), true);
        Presented gone = new Presented(offline, Optional.empty(), true, Optional.empty(), Optional.empty());

        assertThat(judge(gone, refresh(Optional.empty())))
                .isEqualTo(new Rotation.Refused(OAuthError.INVALID_GRANT, "the user can no longer sign in"));
    }

    private static Rotation judge(Presented presented, Refresh refresh) {
        return judge(Optional.of(presented), refresh);
    }

    private static Rotation judge(Optional<Presented> presented, Refresh refresh) {
        return RefreshTokens.judge(presented, refresh, GRACE);
    }

    private static Rotation.Refused invalidGrant() {
        return new Rotation.Refused(OAuthError.INVALID_GRANT, RefreshTokens.INVALID);
    }

    private static Refresh refresh(Optional<Scope> asked) {
        return new Refresh("value", CLIENT, asked, "next", NOW.plusSeconds(86_400), "jti", NOW.plusSeconds(300), CLOCK.instant());
    }

    private static Presented presented(Stored token) {
        return new Presented(token, Optional.of(ALICE), true, Optional.empty(), Optional.empty());
    }

    /** A live token of ALICE for CLIENT, issued a minute ago. */
    private static Stored token() {
        return token(NOW.minusSeconds(60), NOW.plusSeconds(86_400), Optional.empty(), Optional.empty(), false);
    }

    private static Stored token(Instant createdAt, Instant expiresAt, Optional<Instant> rotatedAt, Optional<Instant> revokedAt,
                                boolean offline) {
        return new Stored(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), CLIENT, ALICE.id(), Optional.empty(), GRANTED,
                signIn(createdAt), createdAt, expiresAt, createdAt.plus(Duration.ofDays(30)), rotatedAt, revokedAt, offline, "app",
                ClaimsRequest.NONE);
    }

    private static Authentication signIn(Instant at) {
        return Authentication.read(at, Optional.empty(), Optional.empty());
    }
}
