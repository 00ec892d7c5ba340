package com.orbusdigital.oid.oauth.authorize;

import com.orbusdigital.oid.client.Client;
import com.orbusdigital.oid.federation.FederatedSignIns;
import com.orbusdigital.oid.federation.FederationFailure;
import com.orbusdigital.oid.web.page.BrowserError;
import com.orbusdigital.oid.web.page.Message;
import com.orbusdigital.oid.web.page.Pages;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 18: what a sign-in through a tenant's provider shows the browser when it cannot go on — OID's
 * own error page, in the tenant's language and look, saying why in OID's words (never the provider's
 * text, a token or a secret) — and the one line logged for the operator.
 */
final class FederationPages {

    private static final Logger LOG = LoggerFactory.getLogger(FederationPages.class);

    static final Message PROVIDERS_ONLY = Message.of("federate.providers_only");

    private FederationPages() {}

    /** A departure to a provider, or the page saying it cannot be reached. */
    static Optional<FederatedSignIns.Departure> departing(Client client, Supplier<Optional<FederatedSignIns.Departure>> departure) {
        try {
            return departure.get();
        } catch (FederationFailure failure) {
            throw page(failure, Optional.of(client));
        }
    }

    /** The error page for {@code failure}, logged once. */
    static BrowserError page(FederationFailure failure, Optional<Client> client) {
        LOG.warn("Federated sign-in stopped ({}): {}", failure.reason(), failure.getMessage());
        BrowserError page = BrowserError.page(AuthorizationChecks.ERROR_TITLE, Message.of(failure.reason().messageKey()));
        return client.map(known -> AuthorizationChecks.ofClient(page, known)).orElse(page);
    }

    static Pages.Providers providers(FederatedSignIns.Offer offer) {
        return new Pages.Providers(offer.buttons().stream().map(button -> new Pages.Provider(button.providerId().toString(),
                button.displayName())).toList(), offer.providersOnly(), offer.passwordRequired());
    }
}
