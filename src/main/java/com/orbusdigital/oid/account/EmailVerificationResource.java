package com.orbusdigital.oid.account;

import com.orbusdigital.oid.client.ConsoleClients;
import com.orbusdigital.oid.config.Issuer;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.session.Csrf;
import com.orbusdigital.oid.tenant.Branding;
import com.orbusdigital.oid.web.BrowserCookies;
import com.orbusdigital.oid.web.BrowserEndpoint;
import com.orbusdigital.oid.web.page.HtmlResponse;
import com.orbusdigital.oid.web.page.Language;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Issue 17, item 3: the page of an email verification's link, {@code /account/email/verify?token=…}.
 * Opening it changes nothing — mail scanners open links ahead of their reader — it shows a button
 * that posts the token back with a CSRF field bound to the link; the post verifies the address, or
 * puts the new address in place of the old.
 * <p>
 * No sign-in is needed, and a session in the browser plays no part: the link is the proof that its
 * reader holds the address, and it acts only on the user and the address it was made for — never on
 * whoever is signed in here (who may be someone else), and it signs no one in and ends no session.
 */
@Path("/account/email/verify")
@BrowserEndpoint
@ApplicationScoped
public class EmailVerificationResource {

    private static final String PATH = "account/email/verify";

    private EmailVerification verification;
    private Csrf csrf;
    private BrowserCookies cookies;
    private Issuer issuer;
    private String accountPage;

    protected EmailVerificationResource() {
        // for the CDI proxy
    }

    @Inject
    public EmailVerificationResource(EmailVerification verification, Csrf csrf, ConsoleClients consoles, OidConfig config) {
        this.verification = verification;
        this.csrf = csrf;
        this.cookies = new BrowserCookies(config.issuer());
        this.issuer = config.issuer();
        this.accountPage = consoles.profileRedirectUri();
    }

    @GET
    public Response confirmPage(@Context HttpServletRequest request, @Context HttpHeaders headers) {
        FormParameters query = AccountPages.query(request);
        String token = query.optional("token").orElse("");
        PageRequest page = pageRequest(query, headers).recordIn(request);
        Optional<EmailVerification.Link> link = verification.link(token);
        if (link.isEmpty()) {
            return dead(page);
        }
        return confirmForm(200, page, headers, link.get(), token, query.optional("ui_locales"));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response confirm(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
                            @Context HttpServletRequest request, @Context HttpHeaders headers) {
        Optional<FormParameters> form = LinkPages.form(contentType, body);
        FormParameters read = form.orElseGet(() -> FormParameters.parse(new byte[0]));
        String token = read.optional("token").orElse("");
        PageRequest page = pageRequest(read, headers).recordIn(request);
        Optional<EmailVerification.Link> link = form.isEmpty() ? Optional.empty() : verification.link(token);
        if (link.isEmpty()) {
            return dead(page);
        }
        if (!csrf.matches(Csrf.Purpose.VERIFY_EMAIL, read.optional(Csrf.FIELD), cookies.csrf(headers.getCookies()),
                List.of(Optional.of(Csrf.digest(token))))) {
            // a form not from this page (or expired): the page again, with a fresh field, nothing changed
            return confirmForm(403, page, headers, link.get(), token, read.optional("ui_locales"));
        }
        Language language = page.language(link.get().tenant().defaultLanguage().flatMap(Language::of));
        EmailVerification.Outcome outcome = verification.complete(link.get(), token, language);
        String step = switch (outcome) {
            case VERIFIED -> "verified";
            case CHANGED -> "changed";
            case TAKEN -> "taken";
            case DEAD -> "dead";
        };
        if (step.equals("dead")) {
            return dead(page);
        }
        return page(step.equals("taken") ? 409 : 200, page, link.get(), new Pages.VerifyEmailPage(tenantName(link.get()), step, "", Map.of(),
                link.get().email(), accountPage + "?tenant=" + link.get().tenant().slug()), List.of(), false);
    }

    /** The button that uses the link, its form's CSRF field bound to the link. */
    private Response confirmForm(int status, PageRequest page, HttpHeaders headers, EmailVerification.Link link, String token,
                                 Optional<String> uiLocales) {
        Csrf.Token form = csrf.forForm(Csrf.Purpose.VERIFY_EMAIL, cookies.csrf(headers.getCookies()), List.of(Optional.of(Csrf.digest(token))));
        Map<String, String> hidden = new LinkedHashMap<>();
        hidden.put("token", token);
        // the email's language, kept by the page after the post
        uiLocales.filter(value -> value.length() <= 64).ifPresent(value -> hidden.put("ui_locales", value));
        hidden.put(Csrf.FIELD, form.value());
        return page(status, page, link, new Pages.VerifyEmailPage(tenantName(link), "confirm", issuer.endpoint("/" + PATH), hidden,
                link.email(), null), form.setCookies(), true);
    }

    /** Expired, used, tampered, or the address changed since: a page that names nothing. */
    private Response dead(PageRequest page) {
        String html = Pages.SERVED.verifyEmail(new Pages.VerifyEmailPage("OID", "dead", "", Map.of(), "", null),
                page.languageSwitch(page.language(Optional.empty())));
        return HtmlResponse.page(400, html, page.setCookies());
    }

    private static Response page(int status, PageRequest page, EmailVerification.Link link, Pages.VerifyEmailPage shown, List<String> cookies,
                                 boolean isForm) {
        Language language = page.language(link.tenant().defaultLanguage().flatMap(Language::of));
        String html = Pages.SERVED.branded(Branding.page(link.tenant())).verifyEmail(shown, page.languageSwitch(language));
        List<String> setCookies = new ArrayList<>(cookies);
        setCookies.addAll(page.setCookies());
        return isForm ? HtmlResponse.form(status, html, Optional.empty(), setCookies) : HtmlResponse.page(status, html, setCookies);
    }

    private static String tenantName(EmailVerification.Link link) {
        return link.tenant().displayName().orElse(link.tenant().name());
    }

    private PageRequest pageRequest(FormParameters parameters, HttpHeaders headers) {
        return LinkPages.pageRequest(PATH, parameters, headers, cookies);
    }
}
