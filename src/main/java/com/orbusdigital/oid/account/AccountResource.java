package com.orbusdigital.oid.account;

import com.orbusdigital.oid.client.ConsoleClients;
import com.orbusdigital.oid.config.Issuer;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.factor.Base32;
import com.orbusdigital.oid.factor.UserFactors;
import com.orbusdigital.oid.factor.otp.OneTimeCodeService;
import com.orbusdigital.oid.factor.otp.QrCode;
import com.orbusdigital.oid.factor.otp.Totp;
import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.password.PasswordPolicy;
import com.orbusdigital.oid.protocol.Assurance;
import com.orbusdigital.oid.protocol.OAuthException;
import com.orbusdigital.oid.session.Csrf;
import com.orbusdigital.oid.session.Sessions;
import com.orbusdigital.oid.tenant.Branding;
import com.orbusdigital.oid.tenant.Tenant;
import com.orbusdigital.oid.user.Passwords;
import com.orbusdigital.oid.web.BrowserCookies;
import com.orbusdigital.oid.web.BrowserEndpoint;
import com.orbusdigital.oid.web.page.HtmlResponse;
import com.orbusdigital.oid.web.page.Language;
import com.orbusdigital.oid.web.page.Message;
import com.orbusdigital.oid.web.page.PageRequest;
import com.orbusdigital.oid.web.page.Pages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The account's security page, {@code /account/security}, for the user of the browser's session.
 * A browser without one is sent to sign in to the tenant named by {@code ?tenant=} through the
 * tenant's account client ({@link ConsoleClients}); the sign-in (password, second factors) is the
 * usual one and comes back here. Changes are forms posted with a CSRF field bound to the session,
 * each followed by a redirect back to the page (post/redirect/get); a session whose last sign-in is
 * older than {@link AccountSecurity#RECENT} signs in again first.
 */
@Path("/account/security")
@BrowserEndpoint
@ApplicationScoped
public class AccountResource {

    /** What a page shows after a change, by the {@code done} parameter of the redirect. */
    private static final Map<String, String> NOTICES = Map.of("password", "account.password.changed", "sessions", "account.sessions.ended",
            "passkey_removed", "account.passkeys.removed", "passkey_renamed", "account.passkeys.renamed",
            "totp_removed", "account.totp.removed", "totp_enabled", "account.totp.enabled", "passkey_added", "account.passkeys.added");

    private AccountSecurity security;
    private Csrf csrf;
    private Passwords passwords;
    private BrowserCookies cookies;
    private Issuer issuer;
    private String redirectUri;
    private String pageAddress;

    protected AccountResource() {
        // for the CDI proxy
    }

    @Inject
    public AccountResource(AccountSecurity security, Csrf csrf, Passwords passwords, ConsoleClients consoles, OidConfig config) {
        this.security = security;
        this.csrf = csrf;
        this.passwords = passwords;
        this.cookies = new BrowserCookies(config.issuer());
        this.issuer = config.issuer();
        this.redirectUri = consoles.redirectUri();
        this.pageAddress = consoles.redirectUri();
    }

    @GET
    public Response page(@Context HttpServletRequest request, @Context HttpHeaders headers) {
        FormParameters query = query(request);
        PageRequest page = pageRequest(query, headers).recordIn(request);
        Map<String, Cookie> sent = headers.getCookies();
        Optional<String> tenant = query.optional("tenant");
        Optional<AccountSecurity.Holder> holder = cookies.session(sent).flatMap(security::holder)
                .filter(found -> tenant.isEmpty() || tenant.get().equals(found.tenant().slug()));
        if (holder.isPresent()) {
            Optional<Message> notice = query.optional("done").map(NOTICES::get)
                    .map(key -> Message.of(key, query.optional("n").filter(n -> n.matches("[0-9]{1,4}")).orElse("0")));
            return securityPage(200, page, sent, holder.get(), notice, Optional.empty(), false);
        }
        return tenant.flatMap(security::tenant).map(found -> signIn(found, Optional.empty(), page, false))
                .orElseGet(() -> error(400, page, Message.of("account.error.no_tenant")));
    }

    /** The page's forms, told apart by their {@code action} field: all answered at the page's own address. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response post(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
                         @Context HttpServletRequest request, @Context HttpHeaders headers) {
        return change(contentType, body, request, headers, (holder, form, page) -> {
            String action = form.optional("action").orElse("");
            if (action.equals("password")) {
                return changePassword(holder, form, page, headers);
            }
            if (action.equals("end_other_sessions")) {
                return done("sessions&n=" + security.endOthers(holder));
            }
            if (action.equals("start_passkey")) {
                AccountSecurity.PasskeyCreation creation = security.startPasskey(holder);
                return securityPage(200, page, headers.getCookies(), holder, Optional.empty(), Optional.empty(), false,
                        new Pages.Shown(Optional.empty(), List.of(), Optional.of(creation.options())), List.of(cookies.signIn(creation.cookieValue())));
            }
            if (action.equals("register_passkey")) {
                Optional<String> signIn = cookies.signIn(headers.getCookies());
                Optional<String> credential = form.optional("credential").filter(json -> !json.isBlank());
                String name = form.optional("name").filter(UserFactors::isPasskeyName).orElse("Passkey");
                boolean added = signIn.isPresent() && credential.isPresent()
                        && security.registerPasskey(holder, signIn.get(), credential.get(), name);
                return added ? done("passkey_added", List.of(cookies.clearSignIn())) : failed(holder, page, headers, "account.passkeys.not_added");
            }
            if (action.equals("start_totp")) {
                Optional<OneTimeCodeService.Enrolment> setup = security.startTotp(holder);
                return setup.isEmpty() ? failed(holder, page, headers, "account.totp.already")
                        : shown(holder, page, headers, Optional.empty(), Optional.empty(), new Pages.Shown(Optional.of(totpSetup(setup.get())),
                                List.of(), Optional.empty()));
            }
            if (action.equals("confirm_totp")) {
                return confirmTotp(holder, form, page, headers);
            }
            if (action.equals("new_recovery_codes")) {
                List<String> codes = security.newRecoveryCodes(holder);
                return shown(holder, page, headers, Optional.empty(), Optional.empty(), new Pages.Shown(Optional.empty(), codes, Optional.empty()));
            }
            if (action.equals("remove_totp")) {
                return removed(holder, Optional.empty(), "totp_removed", page, headers);
            }
            Optional<UUID> passkey = form.optional("passkey").flatMap(AccountResource::uuid);
            if (action.equals("remove_passkey") && passkey.isPresent()) {
                return removed(holder, passkey, "passkey_removed", page, headers);
            }
            if (action.equals("rename_passkey") && passkey.isPresent()) {
                Optional<String> name = form.optional("name").filter(UserFactors::isPasskeyName);
                if (name.isEmpty()) {
                    return failed(holder, page, headers, "account.passkeys.bad_name");
                }
                return security.renamePasskey(holder, passkey.get(), name.get()) ? done("passkey_renamed")
                        : failed(holder, page, headers, "account.factors.not_found");
            }
            return securityPage(400, page, headers.getCookies(), holder, Optional.empty(), Optional.of(Message.of("account.error.expired_form")),
                    false);
        });
    }

    private Response confirmTotp(AccountSecurity.Holder holder, FormParameters form, PageRequest page, HttpHeaders headers) {
        Optional<List<String>> confirmed = form.optional("code").flatMap(Totp::normalise).flatMap(code -> security.confirmTotp(holder, code));
        if (confirmed.isEmpty()) {
            // the same app again (set up in the last minutes), to try its next code
            Optional<Pages.TotpSetup> setup = security.startTotp(holder).map(AccountResource::totpSetup);
            return shown(holder, page, headers, Optional.empty(), Optional.of(Message.of("account.totp.wrong_code")),
                    new Pages.Shown(setup, List.of(), Optional.empty()));
        }
        if (confirmed.get().isEmpty()) {
            return done("totp_enabled");
        }
        // the user's first recovery codes: shown this once, in this answer (a redirect would lose them)
        return shown(holder, page, headers, Optional.of(Message.of("account.totp.enabled")), Optional.empty(),
                new Pages.Shown(Optional.empty(), confirmed.get(), Optional.empty()));
    }

    private static Pages.TotpSetup totpSetup(OneTimeCodeService.Enrolment enrolment) {
        return new Pages.TotpSetup(QrCode.svgDataUrl(enrolment.uri()), Base32.grouped(enrolment.secret(), 4, ' '));
    }

    private Response shown(AccountSecurity.Holder holder, PageRequest page, HttpHeaders headers, Optional<Message> notice,
                           Optional<Message> error, Pages.Shown shown) {
        return securityPage(200, page, headers.getCookies(), holder, notice, error, false, shown);
    }

    private Response removed(AccountSecurity.Holder holder, Optional<UUID> passkey, String done, PageRequest page, HttpHeaders headers) {
        AccountSecurity.Removal removal = security.remove(holder, passkey);
        if (removal == AccountSecurity.Removal.REMOVED) {
            return done(done);
        }
        return failed(holder, page, headers,
                removal == AccountSecurity.Removal.LAST_REQUIRED ? "account.factors.last_required" : "account.factors.not_found");
    }

    private Response failed(AccountSecurity.Holder holder, PageRequest page, HttpHeaders headers, String key) {
        return securityPage(200, page, headers.getCookies(), holder, Optional.empty(), Optional.of(Message.of(key)), false);
    }

    private static Optional<UUID> uuid(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }

    private Response changePassword(AccountSecurity.Holder holder, FormParameters form, PageRequest page, HttpHeaders headers) {
        Optional<String> current = form.optional("current_password");
        Optional<String> next = form.optional("new_password");
        Optional<String> again = form.optional("confirm_password");
        if (current.isEmpty() || next.isEmpty() || again.isEmpty() || current.get().length() > PasswordPolicy.DEFAULT_MAX_LENGTH * 4) {
            return securityPage(200, page, headers.getCookies(), holder, Optional.empty(), Optional.of(Message.of("account.password.missing")),
                    true);
        }
        AccountSecurity.PasswordChange outcome = security.changePassword(holder, current.get(), next.get(), again.get());
        if (outcome instanceof AccountSecurity.PasswordChange.Changed) {
            // whoever else holds a session of this account (the reason to change a password, often) holds it no longer
            security.endOthers(holder);
            return done("password");
        }
        return securityPage(200, page, headers.getCookies(), holder, Optional.empty(), Optional.of(message(outcome)), true);
    }

    /** Back to the page after a change, saying what was done (post/redirect/get: a reload does not post again). */
    private Response done(String what) {
        return done(what, List.of());
    }

    private Response done(String what, List<String> setCookies) {
        return HtmlResponse.redirect(URI.create(pageAddress + "?done=" + what), true, setCookies);
    }

    /** A change posted to the page: the form read, the session, its CSRF field and a recent sign-in checked first. */
    private interface Change {
        Response apply(AccountSecurity.Holder holder, FormParameters form, PageRequest page);
    }

    private Response change(String contentType, InputStream body, HttpServletRequest request, HttpHeaders headers, Change change) {
        FormParameters form;
        try {
            form = FormParameters.read(contentType, body);
        } catch (OAuthException malformed) {
            return error(400, pageRequest(FormParameters.parse(new byte[0]), headers).recordIn(request),
                    Message.of("account.error.expired_form"));
        }
        PageRequest page = pageRequest(form, headers).recordIn(request);
        Map<String, Cookie> sent = headers.getCookies();
        Optional<String> sessionCookie = cookies.session(sent);
        Optional<AccountSecurity.Holder> holder = sessionCookie.flatMap(security::holder);
        if (holder.isEmpty()) {
            // signed out meanwhile: the page, which sends the browser to sign in
            return HtmlResponse.redirect(URI.create(pageAddress), true, List.of());
        }
        if (!csrf.matches(Csrf.Purpose.ACCOUNT, form.optional(Csrf.FIELD), cookies.csrf(sent), binding(sessionCookie.get()))) {
            return securityPage(403, page, sent, holder.get(), Optional.empty(), Optional.of(Message.of("account.error.expired_form")),
                    false);
        }
        boolean recent = security.isRecent(holder.get().session());
        boolean strong = security.isStrongEnough(holder.get());
        if (!recent || !strong) {
            // a fresh sign-in, with every kind of factor the user has: a stolen password alone changes nothing here
            return signIn(holder.get().tenant(), recent ? Optional.empty() : Optional.of(AccountSecurity.RECENT.toSeconds()),
                    strong ? Optional.empty() : Optional.of(Assurance.MULTI_FACTOR.acr()), page, true);
        }
        return change.apply(holder.get(), form, page);
    }

    private static Message message(AccountSecurity.PasswordChange outcome) {
        if (outcome instanceof AccountSecurity.PasswordChange.Refused refused) {
            PasswordPolicy.Rule rule = refused.rules().get(0);
            return Message.of("account.password.rule." + rule.name().toLowerCase(java.util.Locale.ROOT));
        }
        return outcome instanceof AccountSecurity.PasswordChange.Mismatch
                ? Message.of("account.password.mismatch") : Message.of("account.password.wrong_current");
    }

    /** To the tenant's sign-in through its account client, back here after; with max_age for a change that needs a fresh one. */
    private Response signIn(Tenant tenant, Optional<Long> maxAge, PageRequest page, boolean post) {
        return signIn(tenant, maxAge, Optional.empty(), page, post);
    }

    private Response signIn(Tenant tenant, Optional<Long> maxAge, Optional<String> acr, PageRequest page, boolean post) {
        return AccountPages.signIn(issuer, tenant, redirectUri, maxAge, acr, page, post);
    }

    private Response securityPage(int status, PageRequest page, Map<String, Cookie> sent, AccountSecurity.Holder holder,
                                  Optional<Message> notice, Optional<Message> error, boolean passwordFailed) {
        return securityPage(status, page, sent, holder, notice, error, passwordFailed, Pages.Shown.NOTHING);
    }

    private Response securityPage(int status, PageRequest page, Map<String, Cookie> sent, AccountSecurity.Holder holder,
                                  Optional<Message> notice, Optional<Message> error, boolean passwordFailed, Pages.Shown once) {
        return securityPage(status, page, sent, holder, notice, error, passwordFailed, once, List.of());
    }

    private Response securityPage(int status, PageRequest page, Map<String, Cookie> sent, AccountSecurity.Holder holder,
                                  Optional<Message> notice, Optional<Message> error, boolean passwordFailed, Pages.Shown once,
                                  List<String> moreCookies) {
        String sessionCookie = cookies.session(sent).orElseThrow();
        Csrf.Token token = csrf.forForm(Csrf.Purpose.ACCOUNT, cookies.csrf(sent), binding(sessionCookie));
        Language language = page.language(holder.tenant().defaultLanguage().flatMap(Language::of));
        DateTimeFormatter format = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(language.locale()).withZone(ZoneOffset.UTC);
        List<Pages.SessionRow> rows = security.sessions(holder.user().id()).stream()
                .map(listed -> new Pages.SessionRow(time(format, listed.createdAt()), time(format, listed.lastSeenAt()),
                        listed.session().id().equals(holder.session().id())))
                .toList();
        UserFactors.Factors factors = security.factors(holder);
        Pages.Factors shown = new Pages.Factors(factors.passkeys().stream().map(passkey -> new Pages.PasskeyRow(passkey.id().toString(),
                passkey.name(), time(format, passkey.createdAt()), passkey.lastUsedAt().map(at -> time(format, at)).orElse(null),
                passkey.synced())).toList(),
                factors.totp().map(totp -> time(format, totp.setUpAt())), factors.recoveryCodes().map(UserFactors.RecoveryCodes::remaining));
        Pages pages = Pages.SERVED.branded(Branding.page(holder.tenant())); // issue 17, branding
        String html = pages.accountSecurity(new Pages.AccountSecurityPage(holder.tenant().name(), holder.user().username(),
                token.value(), pageAddress, pageAddress, passwords.minLength(), rows, notice, error, passwordFailed, shown, once),
                page.languageSwitch(language));
        List<String> setCookies = new ArrayList<>(token.setCookies());
        setCookies.addAll(moreCookies);
        setCookies.addAll(page.setCookies());
        // the page runs OID's passkey script only while it creates a passkey
        return once.passkeyOptions().isPresent() ? HtmlResponse.scriptedForm(status, html, Optional.empty(), setCookies)
                : HtmlResponse.form(status, html, Optional.empty(), setCookies);
    }

    private static String time(DateTimeFormatter format, Instant instant) {
        return format.format(instant) + " UTC";
    }

    private Response error(int status, PageRequest page, Message message) {
        return AccountPages.error(status, page, message);
    }

    private PageRequest pageRequest(FormParameters parameters, HttpHeaders headers) {
        return AccountPages.pageRequest("account/security", parameters, headers, cookies);
    }

    private static FormParameters query(HttpServletRequest request) {
        return AccountPages.query(request);
    }

    private static List<Optional<String>> binding(String sessionCookie) {
        return AccountPages.binding(sessionCookie);
    }
}
