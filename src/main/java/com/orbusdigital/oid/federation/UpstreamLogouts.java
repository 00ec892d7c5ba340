package com.orbusdigital.oid.federation;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.orbusdigital.oid.persistence.Rows;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.session.Sessions;
import com.orbusdigital.oid.session.SignInSession;
import com.orbusdigital.oid.session.backchannel.BackChannelLogouts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Back-Channel Logout 1.0 from a tenant's provider: its logout token validated (Nimbus's
 * {@code LogoutTokenValidator}: typ logout+jwt, a signature by the provider's JWKS, iss, aud = OID's
 * client id, the back-channel logout event, no nonce, a sid or sub; here also an iat of the last
 * {@link #MAX_AGE} and a jti never seen), then the OID sessions started through that provider for
 * that subject — the one with that sid, or all of them — end in one transaction with the jti recorded.
 */
@ApplicationScoped
public class UpstreamLogouts {

    static final Duration MAX_AGE = Duration.ofMinutes(5);

    private static final String SEEN = """
            INSERT INTO {schema}.federation_logout_jtis (provider_id, jti, expires_at) VALUES (:provider, :jti, :expires_at)
            ON CONFLICT DO NOTHING""";

    /** What a valid logout token says. */
    public record Logout(UUID providerId, String subject, Optional<String> sid, String jti) {}

    private IdentityProviders providers;
    private ProviderMetadata metadata;
    private Sessions sessions;
    private BackChannelLogouts backChannel;
    private Rows rows;
    private Clock clock;

    protected UpstreamLogouts() {
        // for the CDI proxy
    }

    @Inject
    public UpstreamLogouts(IdentityProviders providers, ProviderMetadata metadata, Sessions sessions, BackChannelLogouts backChannel,
                           Rows rows, Clock clock) {
        this.providers = providers;
        this.metadata = metadata;
        this.sessions = sessions;
        this.backChannel = backChannel;
        this.rows = rows;
        this.clock = clock;
    }

    /** @throws FederationFailure INVALID for an unknown provider or a token that does not pass */
    public Logout validate(String providerId, String logoutToken) {
        UpstreamProvider provider = FederatedSignIns.parse(providerId).flatMap(providers::find).orElseThrow(() -> new FederationFailure(
                FederationFailure.Reason.INVALID, "a logout token for no enabled provider"));
        LogoutTokenClaimsSet claims;
        try {
            claims = metadata.of(provider).logoutTokens().validate(JWTParser.parse(logoutToken));
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new FederationFailure(FederationFailure.Reason.INVALID, "logout token of " + provider + " refused: "
                    + RelyingParty.safe(e.getMessage()));
        }
        Instant now = clock.instant();
        Instant issued = claims.getIssueTime() == null ? Instant.EPOCH : claims.getIssueTime().toInstant();
        if (issued.isBefore(now.minus(MAX_AGE)) || issued.isAfter(now.plus(Duration.ofSeconds(ProviderMetadata.CLOCK_SKEW_SECONDS)))) {
            throw new FederationFailure(FederationFailure.Reason.INVALID, "logout token of " + provider + " is not recent");
        }
        if (claims.getJWTID() == null || claims.getSubject() == null) {
            // without sub, a sid alone would name a session of anyone of the provider's: OID keeps sessions by subject
            throw new FederationFailure(FederationFailure.Reason.INVALID, "logout token of " + provider + " lacks jti or sub");
        }
        return new Logout(provider.id(), claims.getSubject().getValue(),
                Optional.ofNullable(claims.getSessionID()).map(sid -> sid.getValue()), claims.getJWTID().getValue());
    }

    /**
     * The one way an upstream logout ends sessions: the jti recorded (a replay ends nothing), the
     * sessions ended and their applications' logout tokens queued (OID's own back-channel logout, sent
     * by its relay), in one transaction; the ended sessions.
     *
     * @throws FederationFailure INVALID for a jti seen before
     */
    @Transactional
    public List<SignInSession> end(Logout logout) {
        int recorded = rows.query(SEEN).set("provider", logout.providerId()).set("jti", logout.jti())
                .set("expires_at", clock.instant().plus(MAX_AGE).plus(Duration.ofSeconds(ProviderMetadata.CLOCK_SKEW_SECONDS))).update();
        if (recorded == 0) {
            throw new FederationFailure(FederationFailure.Reason.INVALID, "logout token replayed (provider " + logout.providerId() + ")");
        }
        List<SignInSession> ended = sessions.endUpstream(logout.providerId(), logout.subject(), logout.sid());
        backChannel.sessionsEnded(ended);
        return ended;
    }
}
