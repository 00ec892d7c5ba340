package com.orbusdigital.oid.oauth.authorize;

import com.orbusdigital.oid.client.Client;
import com.orbusdigital.oid.oauth.code.Pkce;
import com.orbusdigital.oid.protocol.Assurance;
import com.orbusdigital.oid.protocol.ClaimsRequest;
import com.orbusdigital.oid.protocol.ResponseMode;
import com.orbusdigital.oid.protocol.Scope;
import com.orbusdigital.oid.web.page.BrowserError;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An authorization request that passed every check: what the login step and the code must carry.
 *
 * @param redirectUriGiven whether the request named redirect_uri (then the token request must repeat it)
 * @param prompt   the OIDC prompt values asked for (none, login, consent, select_account)
 * @param maxAge   seconds since the last sign-in after which the user must sign in again
 * @param claims   the claims parameter (OIDC Core §5.5), {@link ClaimsRequest#NONE} without one
 * @param acrValues the acr values asked for, in order of preference (acr_values, or an acr claims request)
 * @param responseMode how the response goes back to the client (issue 18: query, or form_post)
 */
public record AuthorizationRequest(Client client, String redirectUri, boolean redirectUriGiven, Scope scope, Optional<String> state,
                                   Optional<String> nonce, Optional<Pkce.Challenge> challenge, Set<String> prompt,
                                   Optional<Long> maxAge, Optional<String> loginHint, Optional<String> idTokenHint,
                                   ClaimsRequest claims, List<String> acrValues, ResponseMode responseMode) {

    /** The level the request asks for: the weakest it names that OID knows, if any ({@link Assurance#requested}). */
    public Optional<Assurance> requestedAssurance() {
        return Assurance.requested(acrValues);
    }

    /** Where and how an answer goes back to the client: its redirect URI, the state, the response mode (issue 18). */
    public BrowserError.ReturnTo returnTo() {
        return new BrowserError.ReturnTo(redirectUri, state, responseMode, Optional.of(client.name()));
    }
}
