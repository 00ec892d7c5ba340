package com.orbusdigital.oid.web.page;

import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.protocol.ResponseMode;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything that goes wrong in front of a person's browser, and whether it may go back to the
 * client (node-oidc-provider's {@code allow_redirect}): until the client and its redirect URI are
 * trusted, the browser must not be sent anywhere (RFC 9700 §4.1: no open redirector) and the user
 * sees a page; from then on the error goes to the redirect URI with {@code error},
 * {@code error_description}, {@code state} and {@code iss} (RFC 6749 §4.1.2.1, RFC 9207).
 * {@link BrowserErrorMapper} is the one place that decides which and writes it.
 *
 * <p>The description is for the client's developers, in English (RFC 6749); the page's title and
 * message are bundle keys, shown in the user's language. Ordinary bad input, so no stack trace.
 */
public final class BrowserError extends RuntimeException {

    /**
     * Where a redirect-able error goes: the client's redirect URI as checked, the request's state,
     * and (issue 18, form_post) how the response goes there and the application's name its page shows.
     */
    public record ReturnTo(String redirectUri, Optional<String> state, ResponseMode responseMode, Optional<String> clientName) {
        public ReturnTo {
            Objects.requireNonNull(redirectUri, "redirectUri");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(responseMode, "responseMode");
            Objects.requireNonNull(clientName, "clientName");
        }

        /** In the query of a redirect, the default of response_type=code. */
        public ReturnTo(String redirectUri, Optional<String> state) {
            this(redirectUri, state, ResponseMode.QUERY, Optional.empty());
        }
    }

    private final OAuthError error;
    private final Optional<ReturnTo> returnTo;
    private final Message title;
    private final Message message;
    private final Optional<Language> tenantLanguage;
    private final boolean refusedAddress;
    private final PageBrand look;

    private BrowserError(OAuthError error, String description, Optional<ReturnTo> returnTo, Message title, Message message,
                         Optional<Language> tenantLanguage, boolean refusedAddress, PageBrand look) {
        super(description, null, false, false);
        this.error = error;
        this.returnTo = returnTo;
        this.title = title;
        this.message = message;
        this.tenantLanguage = tenantLanguage;
        this.refusedAddress = refusedAddress;
        this.look = look;
    }

    /** Shown to the user as a 400 page; never redirected. */
    public static BrowserError page(Message title, Message message) {
        return new BrowserError(OAuthError.INVALID_REQUEST, message.key(), Optional.empty(), title, message, Optional.empty(), false,
                PageBrand.NONE);
    }

    /** Sent back to the client's redirect URI, which the request's checks have established. */
    public static BrowserError toClient(ReturnTo returnTo, OAuthError error, String description) {
        return new BrowserError(error, description, Optional.of(returnTo), null, null, Optional.empty(), false, PageBrand.NONE);
    }

    /** The same page, in the tenant's default language when nothing else chose one (the client was known). */
    public BrowserError inLanguageOf(Optional<Language> tenant) {
        return new BrowserError(error, description(), returnTo, title, message, tenant, refusedAddress, look);
    }

    /**
     * The same page in the look of the tenant of a client the request named and OID knows (issue 17,
     * branding); never from a tenant the request merely claims, so an unknown client's page stays OID's.
     */
    public BrowserError inLookOf(PageBrand tenant) {
        return new BrowserError(error, description(), returnTo, title, message, tenantLanguage, refusedAddress,
                Objects.requireNonNull(tenant, "tenant"));
    }

    /**
     * The same page, refusing an address the request asked to be sent to: its language switch then
     * repeats none of the request, so that the page never writes that address (whoever chose it)
     * into a link of its own.
     */
    public BrowserError refusingAnAddress() {
        return new BrowserError(error, description(), returnTo, title, message, tenantLanguage, true, look);
    }

    /** Whether the page refuses an address the request gave, and so repeats none of it. */
    public boolean refusesAnAddress() {
        return refusedAddress;
    }

    public OAuthError error() {
        return error;
    }

    public String description() {
        return getMessage();
    }

    /** Present when the error may go back to the client. */
    public Optional<ReturnTo> returnTo() {
        return returnTo;
    }

    /** The page's title; only for an error shown as a page. */
    public Message title() {
        return Objects.requireNonNull(title, "a redirected error has no page");
    }

    /** The page's message; only for an error shown as a page. */
    public Message message() {
        return Objects.requireNonNull(message, "a redirected error has no page");
    }

    public Optional<Language> tenantLanguage() {
        return tenantLanguage;
    }

    /** How its page looks: {@link PageBrand#NONE} unless {@link #inLookOf} said whose. */
    public PageBrand look() {
        return look;
    }

    @Override
    public String toString() {
        return "BrowserError[" + error.code() + (returnTo.isPresent() ? ", to the client: " + description() : ", page: " + message.key()) + "]";
    }
}
