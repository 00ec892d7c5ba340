package com.orbusdigital.oid.account;

import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.oauth.authorize.AuthorizationFlow;
import com.orbusdigital.oid.session.Csrf;
import com.orbusdigital.oid.user.Passwords;
import com.orbusdigital.oid.web.BrowserCookies;
import com.orbusdigital.oid.web.BrowserEndpoint;
import com.orbusdigital.oid.web.UrlQuery;
import com.orbusdigital.oid.web.page.HtmlResponse;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Issue 17: the invitation's page, {@code /login/invitation?token=…}, the email's link. It asks for
 * a password (CSRF field bound to the link); once it is accepted, the person's user exists and their
 * sign-in goes on through {@link AuthorizationFlow#passwordChosen}: a second factor the tenant or the
 * client requires is set up there, then the client gets its code (or the account page opens). A dead
 * link, or one opened in a browser signed in to an account, changes nothing.
 */
@Path(InvitationResource.PATH)
@BrowserEndpoint
@ApplicationScoped
public class InvitationResource {

    static final String PATH = "/login/invitation";
    private static final String PAGE = "login/invitation";

    private Invitations invitations;
    private AuthorizationFlow flow;
    private Csrf csrf;
    private Passwords passwords;
    private BrowserCookies cookies;
    private String action;

    protected InvitationResource() {
        // for the CDI proxy
    }

    @Inject
    public InvitationResource(Invitations invitations, AuthorizationFlow flow, Csrf csrf, Passwords passwords, OidConfig config) {
        this.invitations = invitations;
        this.flow = flow;
        this.csrf = csrf;
        this.passwords = passwords;
        this.cookies = new BrowserCookies(config.issuer());
        this.action = config.issuer().endpoint(PATH);
    }

    @GET
    public Response page(@Context HttpServletRequest request, @Context HttpHeaders headers) {
        FormParameters query = AccountPages.query(request);
        String token = query.optional("token").orElse("");
        PageRequest page = LinkPages.pageRequest(PAGE, query, headers, cookies).recordIn(request);
        Optional<Invitations.Link> link = invitations.link(token);
        if (link.isEmpty()) {
            return dead(page);
        }
        if (signedIn(headers.getCookies())) {
            return answer(409, page, link.get(), "other_user", Map.of(), Optional.empty(), List.of());
        }
        return form(200, page, headers, link.get(), token, query.optional("ui_locales"), Optional.empty());
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response accept(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
                           @Context HttpServletRequest request, @Context HttpHeaders headers) {
        Optional<FormParameters> form = LinkPages.form(contentType, body);
        FormParameters read = form.orElseGet(() -> FormParameters.parse(new byte[0]));
        String token = read.optional("token").orElse("");
        PageRequest page = LinkPages.pageRequest(PAGE, read, headers, cookies).recordIn(request);
        Optional<Invitations.Link> link = form.isEmpty() ? Optional.empty() : invitations.link(token);
        if (link.isEmpty()) {
            return dead(page);
        }
        Map<String, Cookie> sent = headers.getCookies();
        if (signedIn(sent)) {
            return answer(409, page, link.get(), "other_user", Map.of(), Optional.empty(), List.of());
        }
        if (!csrf.matches(Csrf.Purpose.INVITATION, read.optional(Csrf.FIELD), cookies.csrf(sent), List.of(Optional.of(Csrf.digest(token))))) {
            return form(403, page, headers, link.get(), token, read.optional("ui_locales"), Optional.of(Message.of("login.expired_form")));
        }
        Optional<String> next = read.optional("new_password");
        Optional<String> again = read.optional("confirm_password");
        if (next.isEmpty() || again.isEmpty()) {
            return form(200, page, headers, link.get(), token, read.optional("ui_locales"), Optional.of(Message.of("invite.choose.missing")));
        }
        Invitations.Outcome outcome = invitations.accept(token, next.get(), again.get());
        if (outcome instanceof Invitations.Outcome.Accepted accepted) {
            Map<String, String> authorization = new LinkedHashMap<>(accepted.authorizationRequest());
            // the page's language carries on to the sign-in's steps
            read.optional("ui_locales").filter(value -> value.length() <= 64).ifPresent(value -> authorization.put("ui_locales", value));
            UrlQuery query = UrlQuery.on("");
            authorization.forEach(query::add);
            FormParameters authorizationRequest = FormParameters.fromQuery(query.toString().replaceFirst("^\\?", ""));
            return flow.passwordChosen(authorizationRequest, flow.pageRequest(Optional.of(authorizationRequest), headers), sent,
                    accepted.userId(), accepted.at());
        }
        if (outcome instanceof Invitations.Outcome.Dead) {
            return dead(page);
        }
        if (outcome instanceof Invitations.Outcome.Taken) {
            return answer(409, page, link.get(), "taken", Map.of(), Optional.empty(), List.of());
        }
        Message error = outcome instanceof Invitations.Outcome.Refused refused
                ? Message.of("account.password.rule." + refused.rule().name().toLowerCase(Locale.ROOT), passwords.minLength())
                : Message.of("account.password.mismatch");
        return form(200, page, headers, link.get(), token, read.optional("ui_locales"), Optional.of(error));
    }

    private boolean signedIn(Map<String, Cookie> sent) {
        return cookies.session(sent).filter(invitations::signedIn).isPresent();
    }

    private Response form(int status, PageRequest page, HttpHeaders headers, Invitations.Link link, String invitationToken,
                          Optional<String> uiLocales, Optional<Message> error) {
        Csrf.Token token = csrf.forForm(Csrf.Purpose.INVITATION, cookies.csrf(headers.getCookies()),
                List.of(Optional.of(Csrf.digest(invitationToken))));
        Map<String, String> hidden = new LinkedHashMap<>();
        hidden.put("token", invitationToken);
        // the email's language, kept by the page after the post
        uiLocales.filter(value -> value.length() <= 64).ifPresent(value -> hidden.put("ui_locales", value));
        hidden.put(Csrf.FIELD, token.value());
        return answer(status, page, link, "choose", hidden, error, token.setCookies());
    }

    private Response answer(int status, PageRequest page, Invitations.Link link, String step, Map<String, String> hidden,
                            Optional<Message> error, List<String> setCookies) {
        String html = Pages.SERVED.branded(link.look()).invitation(new Pages.InvitationPage(link.tenantName(), step, action, hidden,
                link.invitation().username(), passwords.minLength(), error), page.languageSwitch(page.language(link.defaultLanguage())));
        // the form's answer may redirect to the invitation's client: its CSP lets the form go there
        return respond(status, page, html, setCookies, step.equals("choose"), link.invitation().redirectUri());
    }

    private Response dead(PageRequest page) {
        String html = Pages.SERVED.invitation(new Pages.InvitationPage("OID", "dead", action, Map.of(), "", passwords.minLength(),
                Optional.empty()), page.languageSwitch(page.language(Optional.empty())));
        return respond(400, page, html, List.of(), false, Optional.empty());
    }

    private static Response respond(int status, PageRequest page, String html, List<String> cookies, boolean isForm,
                                    Optional<String> formTarget) {
        List<String> setCookies = new ArrayList<>(cookies);
        setCookies.addAll(page.setCookies());
        return isForm ? HtmlResponse.form(status, html, formTarget, setCookies) : HtmlResponse.page(status, html, setCookies);
    }
}
