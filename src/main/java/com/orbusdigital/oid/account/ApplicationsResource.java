package com.orbusdigital.oid.account;

import com.orbusdigital.oid.client.ConsoleClients;
import com.orbusdigital.oid.config.Issuer;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.event.FactorChange;
import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.oauth.consent.Consents;
import com.orbusdigital.oid.protocol.OAuthException;
import com.orbusdigital.oid.session.Csrf;
import com.orbusdigital.oid.tenant.Branding;
import com.orbusdigital.oid.tenant.Tenant;
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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The account's connected applications, {@code /account/applications} (issue 17): the third-party
 * clients the user of the browser's session allowed, and what each may do, each with a form that
 * revokes it. Signed in as the security page is ({@link AccountResource}): a browser without a
 * session goes through the tenant's account client ({@link ConsoleClients}) and comes back here; a
 * revocation is a form posted with a CSRF field bound to the session, from a sign-in more recent
 * than {@link AccountSecurity#RECENT} (an older one signs in again first), then a redirect back.
 * It asks for no second factor, as the security page's changes do: revoking only takes authority away.
 */
@Path("/account/applications")
@BrowserEndpoint
@ApplicationScoped
public class ApplicationsResource {

    private AccountSecurity security;
    private Consents consents;
    private Csrf csrf;
    private BrowserCookies cookies;
    private Issuer issuer;
    private String pageAddress;

    protected ApplicationsResource() {
        // for the CDI proxy
    }

    @Inject
    public ApplicationsResource(AccountSecurity security, Consents consents, Csrf csrf, ConsoleClients consoles, OidConfig config) {
        this.security = security;
        this.consents = consents;
        this.csrf = csrf;
        this.cookies = new BrowserCookies(config.issuer());
        this.issuer = config.issuer();
        this.pageAddress = consoles.applicationsUri();
    }

    @GET
    public Response page(@Context HttpServletRequest request, @Context HttpHeaders headers) {
        FormParameters query = AccountPages.query(request);
        PageRequest page = pageRequest(query, headers).recordIn(request);
        Map<String, Cookie> sent = headers.getCookies();
        Optional<String> tenant = query.optional("tenant");
        Optional<AccountSecurity.Holder> holder = cookies.session(sent).flatMap(security::holder)
                .filter(found -> tenant.isEmpty() || tenant.get().equals(found.tenant().slug()));
        if (holder.isPresent()) {
            Optional<Message> notice = query.optional("done").filter("revoked"::equals).map(done -> Message.of("consent.applications.revoked"));
            return applicationsPage(200, page, sent, holder.get(), notice, Optional.empty());
        }
        return tenant.flatMap(security::tenant).map(found -> signIn(found, Optional.empty(), page, false))
                .orElseGet(() -> AccountPages.error(400, page, Message.of("account.error.no_tenant")));
    }

    /** A revocation: the application's client_id, the CSRF field; the session and a recent sign-in checked first. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response revoke(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
                           @Context HttpServletRequest request, @Context HttpHeaders headers) {
        FormParameters form;
        try {
            form = FormParameters.read(contentType, body);
        } catch (OAuthException malformed) {
            // read as empty: refused below as a form without its CSRF field
            form = FormParameters.parse(new byte[0]);
        }
        PageRequest page = pageRequest(form, headers).recordIn(request);
        Map<String, Cookie> sent = headers.getCookies();
        Optional<String> sessionCookie = cookies.session(sent);
        Optional<AccountSecurity.Holder> holder = sessionCookie.flatMap(security::holder);
        if (holder.isEmpty()) {
            // signed out meanwhile: the page, which sends the browser to sign in
            return HtmlResponse.redirect(URI.create(pageAddress), true, List.of());
        }
        AccountSecurity.Holder user = holder.get();
        if (!csrf.matches(Csrf.Purpose.ACCOUNT, form.optional(Csrf.FIELD), cookies.csrf(sent), AccountPages.binding(sessionCookie.get()))) {
            return applicationsPage(403, page, sent, user, Optional.empty(), Optional.of(Message.of("account.error.expired_form")));
        }
        if (!security.isRecent(user.session())) {
            return signIn(user.tenant(), Optional.of(AccountSecurity.RECENT.toSeconds()), page, true);
        }
        Optional<String> clientId = form.optional("client_id");
        if (clientId.isEmpty() || !consents.revoke(user.tenant().id(), user.user().id(), clientId.get(), FactorChange.Actor.USER)) {
            return applicationsPage(200, page, sent, user, Optional.empty(), Optional.of(Message.of("consent.applications.not_found")));
        }
        return HtmlResponse.redirect(URI.create(pageAddress + "?done=revoked"), true, List.of());
    }

    private Response applicationsPage(int status, PageRequest page, Map<String, Cookie> sent, AccountSecurity.Holder holder,
                                      Optional<Message> notice, Optional<Message> error) {
        Csrf.Token token = csrf.forForm(Csrf.Purpose.ACCOUNT, cookies.csrf(sent), AccountPages.binding(cookies.session(sent).orElseThrow()));
        Language language = page.language(holder.tenant().defaultLanguage().flatMap(Language::of));
        DateTimeFormatter format = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(language.locale()).withZone(ZoneOffset.UTC);
        List<Pages.ApplicationRow> rows = consents.of(holder.tenant().id(), holder.user().id()).stream()
                .map(consent -> new Pages.ApplicationRow(consent.clientId(), consent.clientName(), Consents.describe(consent.scopes()),
                        format.format(consent.grantedAt()) + " UTC"))
                .toList();
        String html = Pages.SERVED.branded(Branding.page(holder.tenant())).accountApplications(new Pages.ApplicationsPage(
                holder.tenant().displayName().orElse(holder.tenant().name()), holder.user().username(),
                token.value(), pageAddress, rows, notice, error), page.languageSwitch(language));
        List<String> setCookies = new ArrayList<>(token.setCookies());
        setCookies.addAll(page.setCookies());
        return HtmlResponse.form(status, html, Optional.empty(), setCookies);
    }

    private Response signIn(Tenant tenant, Optional<Long> maxAge, PageRequest page, boolean post) {
        return AccountPages.signIn(issuer, tenant, pageAddress, maxAge, Optional.empty(), page, post);
    }

    private PageRequest pageRequest(FormParameters parameters, HttpHeaders headers) {
        return AccountPages.pageRequest("account/applications", parameters, headers, cookies);
    }
}
