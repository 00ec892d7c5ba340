package com.orbusdigital.oid.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.oauth.authorize.AuthorizationFlow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Issue 17: an invitation's state at a given instant, its validity's bounds, what a token may be, and where its sign-in lands. */
class InvitationTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-08T00:00:00Z"), ZoneOffset.UTC);
    private static final Instant NOW = CLOCK.instant();

    private static Invitation invitation(String state, Instant expiresAt, Optional<String> clientId, Optional<String> redirectUri) {
        return new Invitation(UUID.randomUUID(), UUID.randomUUID(), "grace@example.com", "grace", Optional.empty(), List.of("editor"),
                clientId, redirectUri, Optional.of("fr"), state, NOW.minus(Duration.ofDays(1)), NOW.minus(Duration.ofDays(1)), expiresAt,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void aPendingInvitationIsLiveUntilTheInstantItExpiresAndExpiredFromThen() {
        Invitation invitation = invitation("pending", NOW.plusSeconds(1), Optional.empty(), Optional.empty());
        assertThat(invitation.state(NOW)).isEqualTo(Invitation.State.PENDING);
        assertThat(invitation.live(NOW)).isTrue();
        assertThat(invitation.state(NOW.plusSeconds(1))).isEqualTo(Invitation.State.EXPIRED);
        assertThat(invitation.live(NOW.plusSeconds(1))).isFalse();
    }

    @Test
    void anAcceptedOrRevokedInvitationStaysSoAndIsNeverLiveAgainWhateverItsExpiry() {
        assertThat(invitation("accepted", NOW.plusSeconds(60), Optional.empty(), Optional.empty()).state(NOW))
                .isEqualTo(Invitation.State.ACCEPTED);
        Invitation revoked = invitation("revoked", NOW.plusSeconds(60), Optional.empty(), Optional.empty());
        assertThat(revoked.state(NOW)).isEqualTo(Invitation.State.REVOKED);
        assertThat(revoked.live(NOW)).isFalse();
        assertThat(invitation("accepted", NOW.minusSeconds(60), Optional.empty(), Optional.empty()).state(NOW))
                .isEqualTo(Invitation.State.ACCEPTED);
    }

    @Test
    void theValidityIsSevenDaysByDefaultAndOnlyWholeDaysFromOneToThirtyOtherwise() {
        assertThat(Invitation.validity(Optional.empty())).contains(Duration.ofDays(7));
        assertThat(Invitation.validity(Optional.of(1))).contains(Duration.ofDays(1));
        assertThat(Invitation.validity(Optional.of(30))).contains(Duration.ofDays(30));
        assertThat(Invitation.validity(Optional.of(0))).isEmpty();
        assertThat(Invitation.validity(Optional.of(31))).isEmpty();
        assertThat(Invitation.validity(Optional.of(-1))).isEmpty();
    }

    @Test
    void onlyA256BitBase64urlTokenIsLookedUp() {
        assertThat(Invitation.wellFormed("a".repeat(43))).isTrue();
        assertThat(Invitation.wellFormed("A-_0".repeat(10) + "abc")).isTrue();
        assertThat(Invitation.wellFormed("a".repeat(42))).isFalse();
        assertThat(Invitation.wellFormed("a".repeat(44))).isFalse();
        assertThat(Invitation.wellFormed("a".repeat(42) + "=")).isFalse();
        assertThat(Invitation.wellFormed(null)).isFalse();
    }

    @Test
    void theStatesAreReadByTheirNamesAndEventsSayOnlyTheDomain() {
        assertThat(Invitation.State.of("expired")).contains(Invitation.State.EXPIRED);
        assertThat(Invitation.State.of("EXPIRED")).isEmpty();
        Invitation invitation = invitation("pending", NOW.plusSeconds(1), Optional.empty(), Optional.empty());
        assertThat(invitation.recipientDomain()).isEqualTo("example.com");
        assertThat(invitation.toString()).doesNotContain("grace");
    }

    @Test
    void theSignInLandsAtTheInvitationsClientWithoutACodeOrOnTheAccountPage() {
        Map<String, String> atClient = Invitations.authorizationRequest(invitation("pending", NOW.plusSeconds(1), Optional.of("portal"),
                Optional.of("https://app.example/callback")), "_account.acme", "https://oid.example/account");
        assertThat(atClient).containsEntry("client_id", "portal").containsEntry("redirect_uri", "https://app.example/callback")
                .containsEntry("response_type", "code").containsEntry("scope", "openid").containsEntry("ui_locales", "fr")
                .containsEntry("code_challenge_method", "S256");
        assertThat(atClient.get("state")).startsWith(AuthorizationFlow.INVITATION_STATE_PREFIX).hasSize(15 + 22);
        Map<String, String> atAccount = Invitations.authorizationRequest(invitation("pending", NOW.plusSeconds(1), Optional.empty(),
                Optional.empty()), "_account.acme", "https://oid.example/account");
        assertThat(atAccount).containsEntry("client_id", "_account.acme").containsEntry("redirect_uri", "https://oid.example/account")
                .containsEntry("code_challenge_method", "S256").doesNotContainKey("state");
    }
}
