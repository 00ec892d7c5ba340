package com.orbusdigital.oid.federation;

import com.orbusdigital.oid.crypto.Hashes;
import com.orbusdigital.oid.persistence.RowMapper;
import com.orbusdigital.oid.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Sign-ins sent to a provider and not back yet (table federation_attempts, V25): what the callback
 * needs to check the answer (the browser, the nonce, the PKCE verifier) and the OID authorization
 * request to resume. One statement each way; single use, ten minutes.
 */
@ApplicationScoped
public class FederationAttempts {

    public static final Duration LIFETIME = Duration.ofMinutes(10);

    /** What was sent upstream, as the callback reads it back. */
    public record Attempt(UUID providerId, UUID tenantId, String nonce, String codeVerifier, String request) {
        @Override
        public String toString() {
            return "Attempt[provider " + providerId + " of " + tenantId + "]";
        }
    }

    private static final String START = """
            INSERT INTO {schema}.federation_attempts (state_hash, browser_hash, provider_id, tenant_id, nonce, code_verifier, request,
                created_at, expires_at)
            VALUES (:state, :browser, :provider, :tenant, :nonce, :verifier, :request, :now, :expires_at)""";
    /** Taken as it is read: a replayed state finds nothing, of two concurrent callbacks only one finds it. */
    private static final String TAKE = """
            DELETE FROM {schema}.federation_attempts WHERE state_hash = :state
            RETURNING browser_hash, provider_id, tenant_id, nonce, code_verifier, request, expires_at""";

    private Rows rows;
    private Clock clock;

    protected FederationAttempts() {
        // for the CDI proxy
    }

    @Inject
    public FederationAttempts(Rows rows, Clock clock) {
        this.rows = rows;
        this.clock = clock;
    }

    public void start(String state, String browser, Attempt attempt) {
        Instant now = clock.instant();
        rows.query(START).set("state", Hashes.sha256(state)).set("browser", Hashes.sha256(browser)).set("provider", attempt.providerId())
                .set("tenant", attempt.tenantId()).set("nonce", attempt.nonce()).set("verifier", attempt.codeVerifier())
                .set("request", attempt.request()).set("now", now).set("expires_at", now.plus(LIFETIME)).update();
    }

    /**
     * The attempt this state names, consumed; empty when unknown, used already, expired, or started
     * in another browser ({@code browser}: its cookie, empty when it sent none) — which consumes it too.
     */
    public Optional<Attempt> take(String state, Optional<String> browser) {
        Instant now = clock.instant();
        RowMapper<Optional<Attempt>> mapper = row -> {
            boolean sameBrowser = browser.isPresent() && MessageDigest.isEqual(row.bytes("browser_hash"), Hashes.sha256(browser.get()));
            if (!sameBrowser || !row.instant("expires_at").isAfter(now)) {
                return Optional.empty();
            }
            return Optional.of(new Attempt(row.uuid("provider_id"), row.uuid("tenant_id"), row.string("nonce"),
                    row.string("code_verifier"), row.string("request")));
        };
        return rows.query(TAKE).set("state", Hashes.sha256(state)).optional(mapper).flatMap(found -> found);
    }
}
