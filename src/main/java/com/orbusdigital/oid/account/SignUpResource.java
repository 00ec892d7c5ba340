package com.orbusdigital.oid.account;

import static com.orbusdigital.oid.account.PasswordResetResource.carried;
import static com.orbusdigital.oid.account.LinkPages.form;
import static com.orbusdigital.oid.account.AccountPages.query;
import static com.orbusdigital.oid.account.PasswordResetResource.returnQuery;
import static com.orbusdigital.oid.account.PasswordResetResource.withPage;

import com.orbusdigital.oid.admin.Fields;
import com.orbusdigital.oid.config.Issuer;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.oauth.authorize.AuthorizationFlow;
import com.orbusdigital.oid.ratelimit.ClientAddress;
import com.orbusdigital.oid.session.Csrf;
import com.orbusdigital.oid.user.Passwords;
import com.orbusdigital.oid.web.BrowserCookies;
import com.orbusdigital.oid.web.BrowserEndpoint;
import com.orbusdigital.oid.web.UrlQuery;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Issue 17, self sign-up's pages. {@code /login/sign-up} asks for an address (and a name), reached
 * from the login page's "Create an account" with the authorization request in its query, and answers
 * one page whatever it found; {@code /login/sign-up/complete?token=…}, the email's link, asks for the
 * password, creates the account and continues the sign-in ({@link AuthorizationFlow#signInWithNewPassword}).
 * Where the tenant does not let people sign up, both answer a page saying it is not available. Forms
 * carry a CSRF field bound to the application (request) or to the link (password).
 */
@Path("/login/sign-up")
@BrowserEndpoint
@ApplicationScoped
public class SignUpResource {

    private static final String ASK = "login/sign-up";
    private static final String COMPLETE = "login/sign-up/complete";
    /** The header the per-IP limit reads the client's address from, behind trusted proxies (as RateLimitFilter does). */
    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private SignUp signUp;
    private AuthorizationFlow flow;
    private Csrf csrf;
    private Passwords passwords;
    private BrowserCookies cookies;
    private ClientAddress clientAddress;
    private Issuer issuer;

    protected SignUpResource() {
        // for the CDI proxy
    }

    @Inject
    public SignUpResource(SignUp signUp, AuthorizationFlow flow, Csrf csrf, Passwords passwords, OidConfig config) {
        this.signUp = signUp;
        this.flow = flow;
        this.csrf = csrf;
        this.passwords = passwords;
        this.cookies = new BrowserCookies(config.issuer());
        this.clientAddress = new ClientAddress(config.trustedProxies());
        this.issuer = config.issuer();
    }

    @GET
    public Response askPage(@Context HttpServletRequest request, @Context HttpHeaders headers) {
        FormParameters query = query(request);
        Map<String, String> carried = carried(query);
        PageRequest page = askPageRequest(query, carried, headers).recordIn(request);
        Optional<SignUp.Where> where = Optional.ofNullable(carried.get("client_id")).flatMap(signUp::where);
        if (where.isEmpty()) {
            return unavailable(page);
        }
        return askForm(200, page, headers, where.get(), carried, Map.of(), Optional.empty());
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response ask(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
                        @Context HttpServletRequest request, @Context HttpHeaders headers) {
        Optional<FormParameters> form = form(contentType, body);
        FormParameters read = form.orElseGet(() -> FormParameters.parse(new byte[0]));
        Map<String, String> carried = carried(read);
        PageRequest page = askPageRequest(read, carried, headers).recordIn(request);
        if (form.isEmpty()) {
            // unreadable (a control character, a line break in a field): which application it came from is not known either
            return HtmlResponse.page(400, Pages.SERVED.error(Message.of("reset.no_application.title"), Message.of("reset.no_application"),
                    page.languageSwitch(page.language(Optional.empty()))), page.setCookies());
        }
        Optional<SignUp.Where> where = Optional.ofNullable(carried.get("client_id")).flatMap(signUp::where);
        if (where.isEmpty()) {
            return unavailable(page);
        }
        Map<String, String> typed = new LinkedHashMap<>();
        Optional<String> email = read.optional("email").map(String::strip).filter(value -> !value.isEmpty());
        Optional<String> name = read.optional("name").map(String::strip).filter(value -> !value.isEmpty());
        // shown again after a refusal, if of a sane length (what is longer was refused anyway)
        email.filter(value -> value.length() <= 320).ifPresent(value -> typed.put("email", value));
        name.filter(value -> value.length() <= SignUp.MAX_NAME_LENGTH && !Fields.hasControlCharacter(value))
                .ifPresent(value -> typed.put("name", value));
        if (!csrf.matches(Csrf.Purpose.SIGN_UP, read.optional(Csrf.FIELD), cookies.csrf(headers.getCookies()),
                List.of(Optional.of(carried.get("client_id"))))) {
            return askForm(403, page, headers, where.get(), carried, typed, Optional.of(Message.of("login.expired_form")));
        }
        if (email.isEmpty()) {
            return askForm(200, page, headers, where.get(), carried, typed, Optional.of(Message.of("signup.request.missing")));
        }
        if (name.filter(value -> value.length() > SignUp.MAX_NAME_LENGTH || Fields.hasControlCharacter(value)).isPresent()) {
            // a name is one line of at most 200 characters, as the admin API takes it (a form with a control character is refused whole)
            return askForm(200, page, headers, where.get(), carried, typed, Optional.of(Message.of("signup.request.name_invalid")));
        }
        Language language = page.language(where.get().defaultLanguage());
        String clientKey = ClientAddress.bucketKey(clientAddress.resolve(request.getRemoteAddr(),
                Collections.list(request.getHeaders(FORWARDED_FOR))));
        SignUp.Asked asked = signUp.request(where.get(), email.get(), name, language, returnQuery(carried), clientKey);
        if (asked instanceof SignUp.Asked.NotAnAddress) {
            return askForm(200, page, headers, where.get(), carried, typed, Optional.of(Message.of("signup.request.not_an_address")));
        }
        if (asked instanceof SignUp.Asked.OutsideDomains outside) {
            return askForm(200, page, headers, where.get(), carried, typed,
                    Optional.of(Message.of("signup.request.outside", String.join(", ", outside.domains()))));
        }
        // one answer, whether the address is new or has an account, whatever the limits said
        return page(200, page, language, where.get(), new Pages.SignUpPage(where.get().tenantName(), "sent", "", Map.of(), Map.of(),
                List.of(), Optional.of(signInHref(carried)), passwords.minLength(), SignUp.VALID.toMinutes(), Optional.empty()), List.of(), false);
    }

    @GET
    @Path("/complete")
    public Response choosePage(@Context HttpServletRequest request, @Context HttpHeaders headers) {
        FormParameters query = query(request);
        String token = query.optional("token").orElse("");
        PageRequest page = completePageRequest(query, headers).recordIn(request);
        Optional<SignUp.Link> link = signUp.link(token);
        if (link.isEmpty()) {
            return dead(page);
        }
        return chooseForm(200, page, headers, link.get(), token, query.optional("ui_locales"), Optional.empty());
    }

    @POST
    @Path("/complete")
    @Consumes(MediaType.WILDCARD)
    public Response choose(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
                           @Context HttpServletRequest request, @Context HttpHeaders headers) {
        Optional<FormParameters> form = form(contentType, body);
        FormParameters read = form.orElseGet(() -> FormParameters.parse(new byte[0]));
        String token = read.optional("token").orElse("");
        PageRequest page = completePageRequest(read, headers).recordIn(request);
        Optional<SignUp.Link> link = form.isEmpty() ? Optional.empty() : signUp.link(token);
        if (link.isEmpty()) {
            return dead(page);
        }
        Map<String, Cookie> sent = headers.getCookies();
        Optional<String> uiLocales = read.optional("ui_locales");
        if (!csrf.matches(Csrf.Purpose.SIGN_UP, read.optional(Csrf.FIELD), cookies.csrf(sent), List.of(Optional.of(Csrf.digest(token))))) {
            return chooseForm(403, page, headers, link.get(), token, uiLocales, Optional.of(Message.of("login.expired_form")));
        }
        Optional<String> next = read.optional("new_password");
        Optional<String> again = read.optional("confirm_password");
        if (next.isEmpty() || again.isEmpty()) {
            return chooseForm(200, page, headers, link.get(), token, uiLocales, Optional.of(Message.of("signup.choose.missing")));
        }
        SignUp.Outcome outcome = signUp.complete(token, next.get(), again.get());
        if (outcome instanceof SignUp.Outcome.Created created) {
            // signed in as if the password had just been given: a required factor next, then the code to the client
            FormParameters carried = carriedRequest(created.returnQuery());
            return flow.signInWithNewPassword(carried, flow.pageRequest(Optional.of(carried), headers).recordIn(request), sent,
                    created.tenantId(), created.userId());
        }
        if (outcome instanceof SignUp.Outcome.Dead) {
            return dead(page);
        }
        if (outcome instanceof SignUp.Outcome.Taken) {
            SignUp.Where where = link.get().where();
            return page(409, page, page.language(where.defaultLanguage()), where, new Pages.SignUpPage(where.tenantName(), "taken", "",
                    Map.of(), Map.of(), List.of(), Optional.empty(), passwords.minLength(), SignUp.VALID.toMinutes(), Optional.empty()),
                    List.of(), false);
        }
        Message error = outcome instanceof SignUp.Outcome.Refused refused
                ? Message.of("account.password.rule." + refused.rule().name().toLowerCase(Locale.ROOT), passwords.minLength())
                : Message.of("account.password.mismatch");
        return chooseForm(200, page, headers, link.get(), token, uiLocales, Optional.of(error));
    }

    private Response askForm(int status, PageRequest page, HttpHeaders headers, SignUp.Where where, Map<String, String> carried,
                             Map<String, String> typed, Optional<Message> error) {
        Csrf.Token token = csrf.forForm(Csrf.Purpose.SIGN_UP, cookies.csrf(headers.getCookies()), List.of(Optional.of(carried.get("client_id"))));
        Map<String, String> hidden = new LinkedHashMap<>(carried);
        hidden.put(Csrf.FIELD, token.value());
        return page(status, page, page.language(where.defaultLanguage()), where, new Pages.SignUpPage(where.tenantName(), "request",
                issuer.endpoint("/" + ASK), hidden, typed, where.domains(), Optional.of(signInHref(carried)), passwords.minLength(),
                SignUp.VALID.toMinutes(), error), token.setCookies(), true);
    }

    private Response chooseForm(int status, PageRequest page, HttpHeaders headers, SignUp.Link link, String linkToken,
                                Optional<String> uiLocales, Optional<Message> error) {
        Csrf.Token token = csrf.forForm(Csrf.Purpose.SIGN_UP, cookies.csrf(headers.getCookies()), List.of(Optional.of(Csrf.digest(linkToken))));
        Map<String, String> hidden = new LinkedHashMap<>();
        hidden.put("token", linkToken);
        // the email's language, kept by the page after the post
        uiLocales.filter(value -> value.length() <= 64).ifPresent(value -> hidden.put("ui_locales", value));
        hidden.put(Csrf.FIELD, token.value());
        SignUp.Where where = link.where();
        return page(status, page, page.language(where.defaultLanguage()), where, new Pages.SignUpPage(where.tenantName(), "choose",
                issuer.endpoint("/" + COMPLETE), hidden, Map.of("email", link.email()), List.of(), Optional.empty(), passwords.minLength(),
                SignUp.VALID.toMinutes(), error), token.setCookies(), true, link.redirectTarget());
    }

    private Response dead(PageRequest page) {
        Language language = page.language(Optional.empty());
        String html = Pages.SERVED.signUp(new Pages.SignUpPage("OID", "dead", "", Map.of(), Map.of(), List.of(), Optional.empty(),
                passwords.minLength(), SignUp.VALID.toMinutes(), Optional.empty()), page.languageSwitch(language));
        return HtmlResponse.page(400, html, page.setCookies());
    }

    /** Sign-up off (or no application, or its tenant disabled): the same page, which tells nothing of which. */
    private static Response unavailable(PageRequest page) {
        Language language = page.language(Optional.empty());
        return HtmlResponse.page(404, Pages.SERVED.error(Message.of("signup.unavailable.title"), Message.of("signup.unavailable"),
                page.languageSwitch(language)), page.setCookies());
    }

    private static Response page(int status, PageRequest page, Language language, SignUp.Where where, Pages.SignUpPage form,
                                 List<String> cookies, boolean isForm) {
        return page(status, page, language, where, form, cookies, isForm, Optional.empty());
    }

    /** @param formRedirect where a post of the page's form may end besides OID (the client, once the account exists) */
    private static Response page(int status, PageRequest page, Language language, SignUp.Where where, Pages.SignUpPage form,
                                 List<String> cookies, boolean isForm, Optional<String> formRedirect) {
        String html = Pages.SERVED.branded(where.brand()).signUp(form, page.languageSwitch(language));
        List<String> setCookies = withPage(cookies, page);
        return isForm ? HtmlResponse.form(status, html, formRedirect, setCookies) : HtmlResponse.page(status, html, setCookies);
    }

    /** Back into the sign-in: /authorize with the request again (relative, from /login/sign-up). */
    private static String signInHref(Map<String, String> carried) {
        return PasswordResetResource.signInHref("../authorize", carried);
    }

    private PageRequest askPageRequest(FormParameters parameters, Map<String, String> carried, HttpHeaders headers) {
        return LinkPages.carriedPageRequest(ASK, parameters, carried, headers, cookies);
    }

    private PageRequest completePageRequest(FormParameters parameters, HttpHeaders headers) {
        return LinkPages.pageRequest(COMPLETE, parameters, headers, cookies);
    }

    private static FormParameters carriedRequest(String returnQuery) {
        try {
            return FormParameters.fromQuery(returnQuery);
        } catch (com.orbusdigital.oid.protocol.OAuthException unreadable) {
            return FormParameters.parse(new byte[0]);
        }
    }
}
