package com.orbusdigital.oid.client;

import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.tenant.TenantRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The client each tenant's account pages sign in through: {@code _account.<tenant slug>}, made up
 * on demand and never stored, so that the account pages reuse the whole sign-in (password, second
 * factors, step-up, max_age) and the pages they return to are OID's own. Its redirect URIs are the
 * account pages; its sign-ins end there with the session cookie and no code. No client an
 * administrator registers can take the name: client_ids begin with a letter or digit.
 */
@ApplicationScoped
public class ConsoleClients {

    public static final String PREFIX = "_account.";
    public static final String PAGE = "/account/security";
    /** The connected applications page (issue 17): its sign-ins return there. */
    public static final String APPLICATIONS_PAGE = "/account/applications";
    /** The account's profile page (issue 17): a sign-in begun there returns there. */
    public static final String PROFILE_PAGE = "/account";

    private TenantRepository tenants;
    private Clock clock;
    private String redirectUri;
    private String applicationsUri;
    private String profileRedirectUri;

    protected ConsoleClients() {
        // for the CDI proxy
    }

    @Inject
    public ConsoleClients(TenantRepository tenants, Clock clock, OidConfig config) {
        this.tenants = tenants;
        this.clock = clock;
        this.redirectUri = config.issuer().endpoint(PAGE);
        this.applicationsUri = config.issuer().endpoint(APPLICATIONS_PAGE);
        this.profileRedirectUri = config.issuer().endpoint(PROFILE_PAGE);
    }

    /** The account pages' client of a tenant, for its client_id; empty for any other name. In the caller's transaction. */
    public Optional<Client> find(String clientId) {
        if (!clientId.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return tenants.findBySlug(clientId.substring(PREFIX.length()))
                .map(tenant -> Client.builtIn(tenant, clientId, "Account", List.of(redirectUri, applicationsUri, profileRedirectUri),
                        clock.instant()));
    }

    public static String clientId(String tenantSlug) {
        return PREFIX + tenantSlug;
    }

    /** Where the account pages' sign-ins return to. */
    public String redirectUri() {
        return redirectUri;
    }

    /** Where the sign-ins of the connected applications page return to (issue 17). */
    public String applicationsUri() {
        return applicationsUri;
    }

    /** Where a sign-in begun on the profile page returns to: the profile page. */
    public String profileRedirectUri() {
        return profileRedirectUri;
    }
}
