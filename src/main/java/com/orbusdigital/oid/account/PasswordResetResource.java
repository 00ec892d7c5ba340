package com.orbusdigital.oid.account;

import com.orbusdigital.oid.config.Issuer;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.oauth.authorize.AuthorizationFlow;
import com.orbusdigital.oid.session.Csrf;
import com.orbusdigital.oid.user.Passwords;
import com.orbusdigital.oid.web.BrowserCookies;
import com.orbusdigital.oid.web.BrowserEndpoint;
import com.orbusdigital.oid.web.UrlQuery;
import com.orbusdigital.oid.web.page.HtmlResponse;
import com.orbusdigital.oid.web.page.Language;
import com.orbusdigital.oid.web.page.Message;
import com.orbusdigital.oid.web.page.PageBrand;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Issue 17: the forgotten password's pages. {@code /login/password/forgot} asks for a username or
 * an address, reached from the login page with the authorization request in its query, and answers
 * one page whatever it found; {@code /login/password/reset?token=…}, the email's link, asks for the
 * new password, then sends the person back into their sign-in. Forms carry a CSRF field bound to the
 * application (request) or to the link (new password). A link opened in a browser signed in to
 * another account changes nothing.
 */
@Path("/login/password")
@BrowserEndpoint
@ApplicationScoped
public class PasswordResetResource {

    private static final String FORGOT = "login/password/forgot";
    private static final String RESET = "login/password/reset";
    /** A value of the carried request longer than this came from no login page of ours. */
    private static final int MAX_CARRIED_LENGTH = 4096;

    private PasswordReset reset;
    private Csrf csrf;
    private Passwords passwords;
    private BrowserCookies cookies;
    private Issuer issuer;

    protected PasswordResetResource() {
        // for the CDI proxy
    }

    @Inject
    public PasswordResetResource(PasswordReset reset, Csrf csrf, Passwords passwords, OidConfig config) {
        this.reset = reset;
        this.csrf = csrf;
        this.passwords = passwords;
        this.cookies = new BrowserCookies(config.issuer());
        this.issuer = config.issuer();
    }

    @GET
    @Path("/forgot")
    public Response askPage(@Context HttpServletRequest request, @Context HttpHeaders headers) {
        FormParameters query = AccountPages.query(request);
        Map<String, String> carried = carried(query);
        PageRequest page = forgotPageRequest(query, carried, headers).recordIn(request);
        Optional<PasswordReset.Where> where = Optional.ofNullable(carried.get("client_id")).flatMap(reset::where);
        if (where.isEmpty()) {
            return noApplication(page);
        }
        return askForm(200, page, headers, where.get(), carried, Optional.empty());
    }

    @POST
    @Path("/forgot")
    @Consumes(MediaType.WILDCARD)
    public Response ask(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
                        @Context HttpServletRequest request, @Context HttpHeaders headers) {
        Optional<FormParameters> form = LinkPages.form(contentType, body);
        FormParameters read = form.orElseGet(() -> FormParameters.parse(new byte[0]));
        Map<String, String> carried = carried(read);
        PageRequest page = forgotPageRequest(read, carried, headers).recordIn(request);
        Optional<PasswordReset.Where> where = Optional.ofNullable(carried.get("client_id")).flatMap(reset::where);
        if (form.isEmpty() || where.isEmpty()) {
            return noApplication(page);
        }
        Map<String, Cookie> sent = headers.getCookies();
        if (!csrf.matches(Csrf.Purpose.RESET, read.optional(Csrf.FIELD), cookies.csrf(sent), List.of(Optional.of(carried.get("client_id"))))) {
            return askForm(403, page, headers, where.get(), carried, Optional.of(Message.of("login.expired_form")));
        }
        Optional<String> login = read.optional("login").map(String::strip).filter(value -> !value.isEmpty());
        if (login.isEmpty()) {
            return askForm(200, page, headers, where.get(), carried, Optional.of(Message.of("reset.request.missing")));
        }
        Language language = page.language(where.get().defaultLanguage());
        reset.request(where.get(), login.get(), language, returnQuery(carried));
        // one answer, whatever was found, whatever the limits said: no link, nothing that differs
        return page(200, page, language, where.get().look(), new Pages.ResetPage(where.get().tenantName(), "sent", "", Map.of(),
                Optional.of(signInHref(carried)), Optional.empty(), passwords.minLength(), PasswordReset.VALID.toMinutes(), Optional.empty()),
                List.of(), false);
    }

    @GET
    @Path("/reset")
    public Response choosePage(@Context HttpServletRequest request, @Context HttpHeaders headers) {
        FormParameters query = AccountPages.query(request);
        String token = query.optional("token").orElse("");
        PageRequest page = LinkPages.pageRequest(RESET, query, headers, cookies).recordIn(request);
        Optional<PasswordReset.Link> link = reset.link(token);
        if (link.isEmpty()) {
            return dead(page);
        }
        if (otherUser(headers.getCookies(), link.get().userId())) {
            return otherUser(page, link.get());
        }
        return chooseForm(200, page, headers, link.get(), token, query.optional("ui_locales"), Optional.empty());
    }

    @POST
    @Path("/reset")
    @Consumes(MediaType.WILDCARD)
    public Response choose(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
                           @Context HttpServletRequest request, @Context HttpHeaders headers) {
        Optional<FormParameters> form = LinkPages.form(contentType, body);
        FormParameters read = form.orElseGet(() -> FormParameters.parse(new byte[0]));
        String token = read.optional("token").orElse("");
        PageRequest page = LinkPages.pageRequest(RESET, read, headers, cookies).recordIn(request);
        Optional<PasswordReset.Link> link = form.isEmpty() ? Optional.empty() : reset.link(token);
        if (link.isEmpty()) {
            return dead(page);
        }
        Map<String, Cookie> sent = headers.getCookies();
        if (otherUser(sent, link.get().userId())) {
            return otherUser(page, link.get());
        }
        if (!csrf.matches(Csrf.Purpose.RESET, read.optional(Csrf.FIELD), cookies.csrf(sent), List.of(Optional.of(Csrf.digest(token))))) {
            return chooseForm(403, page, headers, link.get(), token, read.optional("ui_locales"), Optional.of(Message.of("login.expired_form")));
        }
        Optional<String> next = read.optional("new_password");
        Optional<String> again = read.optional("confirm_password");
        if (next.isEmpty() || again.isEmpty()) {
            return chooseForm(200, page, headers, link.get(), token, read.optional("ui_locales"), Optional.of(Message.of("reset.choose.missing")));
        }
        PasswordReset.Outcome outcome = reset.complete(token, next.get(), again.get());
        if (outcome instanceof PasswordReset.Outcome.Done done) {
            Language language = page.language(link.get().where().defaultLanguage());
            if (!done.returnQuery().isEmpty()) {
                // the session cookie names a session that has just ended: cleared, so the sign-in starts afresh
                return HtmlResponse.redirect(URI.create(issuer.endpoint("/authorize") + "?" + done.returnQuery()), true,
                        withPage(List.of(cookies.clearSession()), page));
            }
            return page(200, page, language, link.get().where().look(), new Pages.ResetPage(link.get().where().tenantName(), "done", "",
                    Map.of(), Optional.empty(), Optional.empty(), passwords.minLength(), PasswordReset.VALID.toMinutes(), Optional.empty()),
                    List.of(cookies.clearSession()), false);
        }
        if (outcome instanceof PasswordReset.Outcome.Dead) {
            return dead(page);
        }
        Message error = outcome instanceof PasswordReset.Outcome.Refused refused
                ? Message.of("account.password.rule." + refused.rule().name().toLowerCase(Locale.ROOT), passwords.minLength())
                : Message.of("account.password.mismatch");
        return chooseForm(200, page, headers, link.get(), token, read.optional("ui_locales"), Optional.of(error));
    }

    private boolean otherUser(Map<String, Cookie> sent, UUID linkUser) {
        return cookies.session(sent).flatMap(reset::signedIn).filter(signedIn -> !signedIn.equals(linkUser)).isPresent();
    }

    private Response askForm(int status, PageRequest page, HttpHeaders headers, PasswordReset.Where where, Map<String, String> carried,
                             Optional<Message> error) {
        Csrf.Token token = csrf.forForm(Csrf.Purpose.RESET, cookies.csrf(headers.getCookies()), List.of(Optional.of(carried.get("client_id"))));
        Map<String, String> hidden = new LinkedHashMap<>(carried);
        hidden.put(Csrf.FIELD, token.value());
        Language language = page.language(where.defaultLanguage());
        return page(status, page, language, where.look(), new Pages.ResetPage(where.tenantName(), "request", issuer.endpoint("/" + FORGOT),
                hidden, Optional.of(signInHref(carried)), Optional.empty(), passwords.minLength(), PasswordReset.VALID.toMinutes(), error),
                token.setCookies(), true);
    }

    private Response chooseForm(int status, PageRequest page, HttpHeaders headers, PasswordReset.Link link, String resetToken,
                                Optional<String> uiLocales, Optional<Message> error) {
        Csrf.Token token = csrf.forForm(Csrf.Purpose.RESET, cookies.csrf(headers.getCookies()), List.of(Optional.of(Csrf.digest(resetToken))));
        Map<String, String> hidden = new LinkedHashMap<>();
        hidden.put("token", resetToken);
        // the email's language, kept by the page after the post
        uiLocales.filter(value -> value.length() <= 64).ifPresent(value -> hidden.put("ui_locales", value));
        hidden.put(Csrf.FIELD, token.value());
        Language language = page.language(link.where().defaultLanguage());
        return page(status, page, language, link.where().look(), new Pages.ResetPage(link.where().tenantName(), "choose",
                issuer.endpoint("/" + RESET), hidden, Optional.empty(), Optional.empty(), passwords.minLength(), PasswordReset.VALID.toMinutes(),
                error), token.setCookies(), true);
    }

    private Response dead(PageRequest page) {
        // a link that works no more names no tenant: OID's own look
        return page(400, page, page.language(Optional.empty()), PageBrand.NONE, new Pages.ResetPage("OID", "dead", "", Map.of(),
                Optional.empty(), Optional.empty(), passwords.minLength(), PasswordReset.VALID.toMinutes(), Optional.empty()), List.of(),
                false);
    }

    private Response otherUser(PageRequest page, PasswordReset.Link link) {
        return page(409, page, page.language(link.where().defaultLanguage()), link.where().look(),
                new Pages.ResetPage(link.where().tenantName(), "other_user", "", Map.of(), Optional.empty(), Optional.empty(),
                        passwords.minLength(), PasswordReset.VALID.toMinutes(), Optional.empty()),
                List.of(), false);
    }

    private Response noApplication(PageRequest page) {
        Language language = page.language(Optional.empty());
        return HtmlResponse.page(400, Pages.SERVED.error(Message.of("reset.no_application.title"), Message.of("reset.no_application"),
                page.languageSwitch(language)), page.setCookies());
    }

    private static Response page(int status, PageRequest page, Language language, PageBrand look, Pages.ResetPage form, List<String> cookies,
                                 boolean isForm) {
        String html = Pages.SERVED.branded(look).passwordReset(form, page.languageSwitch(language)); // issue 17, branding
        List<String> setCookies = withPage(cookies, page);
        return isForm ? HtmlResponse.form(status, html, Optional.empty(), setCookies) : HtmlResponse.page(status, html, setCookies);
    }

    static List<String> withPage(List<String> cookies, PageRequest page) {
        List<String> all = new ArrayList<>(cookies);
        all.addAll(page.setCookies());
        return all;
    }

    /** The authorization request the login page carried here: its parameters only, each of a sane length (also self sign-up's). */
    static Map<String, String> carried(FormParameters parameters) {
        Map<String, String> carried = new LinkedHashMap<>();
        for (String name : AuthorizationFlow.CARRIED) {
            parameters.optional(name).filter(value -> value.length() <= MAX_CARRIED_LENGTH).ifPresent(value -> carried.put(name, value));
        }
        return carried;
    }

    static String returnQuery(Map<String, String> carried) {
        UrlQuery query = UrlQuery.on("");
        carried.forEach(query::add);
        return query.toString().replaceFirst("^\\?", "");
    }

    /** Back into the sign-in: /authorize with the request again (relative, from /login/password/…). */
    private static String signInHref(Map<String, String> carried) {
        return signInHref("../../authorize", carried);
    }

    /** /authorize with the carried request, at {@code authorize} (relative to the page: also self sign-up's). */
    static String signInHref(String authorize, Map<String, String> carried) {
        UrlQuery query = UrlQuery.on(authorize);
        carried.forEach(query::add);
        return query.toString();
    }

    private PageRequest forgotPageRequest(FormParameters parameters, Map<String, String> carried, HttpHeaders headers) {
        return LinkPages.carriedPageRequest(FORGOT, parameters, carried, headers, cookies);
    }
}
