package com.orbusdigital.oid.metrics;

import com.orbusdigital.oid.event.SignInEvent;
import com.orbusdigital.oid.event.TokenIssued;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * Counts what the domain announces through CDI events, beside the observer that publishes them:
 * tokens issued by grant, sign-ins, refused sign-ins by reason, lockouts. Labels come from fixed
 * sets, never from a user name, client id or anything a caller chooses.
 */
@ApplicationScoped
public class DomainMetrics {

    private static final Set<String> FAILURE_REASONS = Set.of("unknown_user", "wrong_password", "no_password", "locked", "disabled");

    private Metrics metrics;

    protected DomainMetrics() {
        // for the CDI proxy
    }

    @Inject
    public DomainMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    void onTokenIssued(@Observes TokenIssued issued) {
        metrics.counter("oid_tokens_issued", "Access tokens issued, by grant type", "grant_type", issued.grantType()).increment();
    }

    /** Sign-ins, refusals and lockouts; other changes are counted by the outbox, not here. */
    void onSignIn(@Observes SignInEvent event) {
        if (event instanceof SignInEvent.SignedIn) {
            metrics.counter("oid_sign_ins", "Successful password sign-ins").increment();
        } else if (event instanceof SignInEvent.Failed failed) {
            metrics.counter("oid_sign_in_failures", "Refused sign-ins, by reason",
                    "reason", FAILURE_REASONS.contains(failed.reason()) ? failed.reason() : "other").increment();
        } else if (event instanceof SignInEvent.Locked) {
            metrics.counter("oid_user_lockouts", "Accounts locked after too many wrong passwords").increment();
        }
    }
}
