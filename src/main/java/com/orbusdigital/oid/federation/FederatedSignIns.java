package com.orbusdigital.oid.federation;

import com.orbusdigital.oid.crypto.RandomValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sign-in through a tenant's provider, both ways: the departure (a provider chosen by its button,
 * by {@code idp_hint}, or by the domain of the address typed — always within the request's tenant;
 * the attempt stored and bound to the browser by a cookie of its own), and the arrival at the
 * callback (the attempt taken back by its state, the code exchanged, the user resolved). The
 * authorization flow (oauth/authorize) calls it and does the rest as after any sign-in.
 */
@ApplicationScoped
public class FederatedSignIns {

    private static final Logger LOG = LoggerFactory.getLogger(FederatedSignIns.class);

    /** Where the browser goes, and the value of the cookie that binds the attempt to it. */
    public record Departure(URI location, String browserValue) {
        @Override
        public String toString() {
            return "Departure[" + location.getHost() + "]";
        }
    }

    /** A provider as the login page offers it: "Continue with {displayName}". */
    public record Button(UUID providerId, String displayName) {}

    /**
     * What the login page shows of the tenant's providers; {@code passwordRequired} false when typing
     * an address may send one away; {@code destinations}: where its posts may be redirected to (the
     * providers' authorization endpoints as known without asking them, and their issuers), which the
     * page's form-action must allow since browsers apply it to the redirect after a post too.
     */
    public record Offer(List<Button> buttons, boolean providersOnly, boolean passwordRequired, List<String> destinations) {
        public static final Offer NONE = new Offer(List.of(), false, true, List.of());
    }

    /** The callback's attempt, found: its provider, and the OID authorization request to resume. */
    public record Arrival(UpstreamProvider provider, FederationAttempts.Attempt attempt) {}

    /** Who the provider signed in, and who that is here. */
    public record Accepted(UpstreamProvider provider, UpstreamIdentity identity, FederatedUsers.Resolved user) {}

    private IdentityProviders providers;
    private FederationAttempts attempts;
    private RelyingParty relyingParty;
    private FederatedUsers users;
    private ProviderMetadata metadata;

    protected FederatedSignIns() {
        // for the CDI proxy
    }

    @Inject
    public FederatedSignIns(IdentityProviders providers, FederationAttempts attempts, RelyingParty relyingParty, FederatedUsers users,
                            ProviderMetadata metadata) {
        this.metadata = metadata;
        this.providers = providers;
        this.attempts = attempts;
        this.relyingParty = relyingParty;
        this.users = users;
    }

    /** The login page's buttons (1 statement; 2 when the tenant has providers, to know whether an address may send someone away). */
    public Offer offer(UUID tenantId) {
        List<UpstreamProvider> enabled = providers.enabled(tenantId);
        if (enabled.isEmpty()) {
            return Offer.NONE;
        }
        boolean only = enabled.stream().anyMatch(UpstreamProvider::required);
        List<String> destinations = new ArrayList<>();
        for (UpstreamProvider provider : enabled) {
            destinations.add(provider.issuer());
            provider.authorizationEndpoint().or(() -> metadata.known(provider)).ifPresent(endpoint -> destinations.add(endpoint.toString()));
        }
        return new Offer(enabled.stream().map(provider -> new Button(provider.id(), provider.displayName())).toList(), only,
                !providers.hasDomains(tenantId), destinations);
    }

    /** Whether the tenant's users may sign in only through a provider (a password is then refused). */
    public boolean providersOnly(UUID tenantId) {
        return providers.enabled(tenantId).stream().anyMatch(UpstreamProvider::required);
    }

    /** {@code idp_hint}: the tenant's provider with that alias; empty for any other alias (the login page as usual). */
    public Optional<Departure> byAlias(UUID tenantId, String alias, String request, Optional<String> loginHint) {
        return providers.find(tenantId, alias).map(provider -> depart(provider, request, loginHint));
    }

    /** A button of the login page: the tenant's provider with that id; empty for another tenant's or an unknown one. */
    public Optional<Departure> byId(UUID tenantId, String providerId, String request) {
        return parse(providerId).flatMap(providers::find).filter(provider -> provider.tenantId().equals(tenantId))
                .map(provider -> depart(provider, request, Optional.empty()));
    }

    /**
     * Home-realm discovery: the provider of the typed address's domain, the address as login_hint.
     * Decided by the domain alone, never by whether an account has that address.
     */
    public Optional<Departure> byDomain(UUID tenantId, String typed, String request) {
        return EmailDomains.of(typed).flatMap(domain -> providers.forDomain(tenantId, domain))
                .map(provider -> depart(provider, request, Optional.of(typed.strip())));
    }

    private Departure depart(UpstreamProvider provider, String request, Optional<String> loginHint) {
        RelyingParty.Sent sent = relyingParty.authenticationRequest(provider, loginHint);
        String browser = RandomValues.base64url(32);
        attempts.start(sent.state(), browser, new FederationAttempts.Attempt(provider.id(), provider.tenantId(), sent.nonce(),
                sent.codeVerifier(), request));
        return new Departure(sent.location(), browser);
    }

    /**
     * The attempt the callback's state names, taken (single use), for this provider and this browser.
     *
     * @throws FederationFailure EXPIRED when there is none: unknown, replayed, expired, another browser's or another provider's
     */
    public Arrival arrive(String providerId, Optional<String> state, Optional<String> browser) {
        Optional<FederationAttempts.Attempt> attempt = state.flatMap(value -> attempts.take(value, browser));
        Optional<UpstreamProvider> provider = attempt.flatMap(found -> parse(providerId).filter(found.providerId()::equals))
                .flatMap(providers::find).filter(found -> found.tenantId().equals(attempt.get().tenantId()));
        if (provider.isEmpty()) {
            throw new FederationFailure(FederationFailure.Reason.EXPIRED, "no live attempt of this browser for that state and provider");
        }
        return new Arrival(provider.get(), attempt.get());
    }

    /** The code exchanged, the ID token validated, the user resolved (created, linked, roles). */
    public Accepted accept(Arrival arrival, String code, Optional<String> iss) {
        UpstreamIdentity identity = relyingParty.exchange(arrival.provider(), code, iss, arrival.attempt().nonce(),
                arrival.attempt().codeVerifier());
        FederatedUsers.Resolved user = users.resolve(arrival.provider(), identity);
        LOG.info("Federated sign-in through {} for user {} (created: {}, linked: {})", arrival.provider(), user.userId(), user.created(),
                user.linked());
        return new Accepted(arrival.provider(), identity, user);
    }

    /** A provider id from a path or a form; empty when it is not one. */
    static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
