package com.orbusdigital.oid.account;

import com.orbusdigital.oid.client.ConsoleClients;
import com.orbusdigital.oid.config.Issuer;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.protocol.ClaimRules;
import com.orbusdigital.oid.protocol.Assurance;
import com.orbusdigital.oid.protocol.OAuthException;
import com.orbusdigital.oid.protocol.StandardClaims;
import com.orbusdigital.oid.session.Csrf;
import com.orbusdigital.oid.user.User;
import com.orbusdigital.oid.web.BrowserCookies;
import com.orbusdigital.oid.web.BrowserEndpoint;
import com.orbusdigital.oid.web.page.HtmlResponse;
import com.orbusdigital.oid.web.page.Language;
import com.orbusdigital.oid.web.page.Message;
import com.orbusdigital.oid.web.page.PageRequest;
import com.orbusdigital.oid.tenant.Branding;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The account's profile page, {@code /account}: the user of the browser's session edits their name
 * and the standard claims their tenant lets them ({@code profile_editable}). A browser without a
 * session is sent to sign in to the tenant of {@code ?tenant=} through the tenant's account client
 * ({@link ConsoleClients}), and comes back here. The form is posted with a CSRF field bound to the
 * session; a value a rule refuses ({@link ClaimRules}) is shown on the page beside its field, and
 * nothing is saved; a save is followed by a redirect back (post/redirect/get).
 * <p>
 * Unlike the security page, a save needs no recent sign-in: nothing here signs anyone in or
 * recovers an account. The email address, which could, is changed by its own form
 * ({@code POST /account/email}, issue 17): that needs a recent sign-in, as the security page's
 * changes do, and only sends a link to the new address ({@link EmailVerification}).
 */
@Path("/account")
@BrowserEndpoint
@ApplicationScoped
public class ProfileResource {

    /** The autocomplete token of each field (HTML's autofill names), and its input type where not text. */
    private static final Map<String, String> AUTOCOMPLETE = Map.ofEntries(Map.entry("name", "name"), Map.entry("given_name", "given-name"),
            Map.entry("family_name", "family-name"), Map.entry("middle_name", "additional-name"), Map.entry("nickname", "nickname"),
            Map.entry("profile", "url"),
            Map.entry("picture", "photo"), Map.entry("website", "url"), Map.entry("gender", "sex"), Map.entry("birthdate", "bday"),
            Map.entry("zoneinfo", "off"), Map.entry("locale", "language"), Map.entry("phone_number", "tel"),
            Map.entry("formatted", "off"), Map.entry("street_address", "street-address"), Map.entry("locality", "address-level2"),
            Map.entry("region", "address-level1"), Map.entry("postal_code", "postal-code"), Map.entry("country", "country-name"));
    // every field is one line: a form with a line break in it is refused before it is read
    private static final Map<String, String> TYPES = Map.of("profile", "url", "picture", "url", "website", "url", "phone_number", "tel");
    /** The fields with a hint below them (a format to follow). */
    private static final List<String> HINTED = List.of("picture", "birthdate", "zoneinfo", "locale", "phone_number");

    private AccountSecurity security;
    private AccountProfile profiles;
    private EmailVerification verification;
    private Csrf csrf;
    private BrowserCookies cookies;
    private Issuer issuer;
    private String pageAddress;

    protected ProfileResource() {
        // for the CDI proxy
    }

    @Inject
    public ProfileResource(AccountSecurity security, AccountProfile profiles, EmailVerification verification, Csrf csrf,
                           ConsoleClients consoles, OidConfig config) {
        this.security = security;
        this.verification = verification;
        this.profiles = profiles;
        this.csrf = csrf;
        this.cookies = new BrowserCookies(config.issuer());
        this.issuer = config.issuer();
        this.pageAddress = consoles.profileRedirectUri();
    }

    /** The form field naming the page's fields ({@link ProfileForm}). */
    private static final String FIELDS = "fields";

    @GET
    public Response page(@Context HttpServletRequest request, @Context HttpHeaders headers) {
        FormParameters query = AccountPages.query(request);
        PageRequest page = AccountPages.pageRequest("account", query, headers, cookies).recordIn(request);
        Optional<String> tenant = query.optional("tenant");
        Optional<AccountSecurity.Holder> holder = cookies.session(headers.getCookies()).flatMap(security::holder)
                .filter(found -> tenant.isEmpty() || tenant.get().equals(found.tenant().slug()));
        if (holder.isPresent()) {
            Optional<Message> notice = query.optional("done").filter("saved"::equals).map(done -> Message.of("claims.profile.saved"));
            if (query.optional("done").filter("email_sent"::equals).isPresent()) {
                notice = Optional.of(Message.of("verify.section.sent", VerificationLink.VALID.toHours()));
            }
            return profilePage(200, page, headers.getCookies(), holder.get(), stored(holder.get().user()), Map.of(), notice);
        }
        return tenant.flatMap(security::tenant)
                .map(found -> AccountPages.signIn(issuer, found, pageAddress, Optional.empty(), Optional.empty(), page, false))
                .orElseGet(() -> AccountPages.error(400, page, Message.of("account.error.no_tenant")));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response save(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
                         @Context HttpServletRequest request, @Context HttpHeaders headers) {
        return posted(contentType, body, request, headers, this::save);
    }

    private Response save(Posted posted) {
        FormParameters form = posted.form();
        PageRequest page = posted.page();
        Map<String, Cookie> sent = posted.sent();
        AccountSecurity.Holder holder = posted.holder();
        Map<String, String> stored = posted.stored();
        ProfileForm submitted = new ProfileForm(form, Set.copyOf(Arrays.asList(form.optional(FIELDS).orElse("").split(" "))), stored);
        Optional<Optional<String>> name = Optional.empty();
        Map<String, Optional<Object>> edit = new LinkedHashMap<>();
        for (String claim : holder.tenant().profileEditable()) {
            if (claim.equals(StandardClaims.ADDRESS)) {
                submitted.address().ifPresent(address -> edit.put(claim, address));
            } else if (claim.equals("name")) {
                name = submitted.field(claim, claim);
            } else {
                submitted.field(claim, claim).ifPresent(checked -> edit.put(claim, checked.map(Object.class::cast)));
            }
        }
        if (!submitted.errors().isEmpty()) {
            return profilePage(400, page, sent, holder, submitted.shown(), submitted.errors(), Optional.empty());
        }
        profiles.save(holder, name, new StandardClaims.Edit(edit));
        return HtmlResponse.redirect(URI.create(pageAddress + "?done=saved"), true, List.of());
    }

    // --- issue 17, email verification ---

    /**
     * A new address asked for: after a recent sign-in (with every kind of factor the user has, as
     * on the security page), a link to it; the account keeps its address until the link is
     * followed. One answer whether or not the address is free (see {@link EmailVerification#requestChange}).
     */
    @POST
    @Path("email")
    @Consumes(MediaType.WILDCARD)
    public Response changeEmail(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
                                @Context HttpServletRequest request, @Context HttpHeaders headers) {
        return posted(contentType, body, request, headers, this::changeEmail);
    }

    private Response changeEmail(Posted posted) {
        PageRequest page = posted.page();
        AccountSecurity.Holder holder = posted.holder();
        boolean recent = security.isRecent(holder.session());
        boolean strong = security.isStrongEnough(holder);
        if (!recent || !strong) {
            // an address recovers an account (the forgotten password): a stolen session alone does not change it
            return AccountPages.signIn(issuer, holder.tenant(), pageAddress, recent ? Optional.empty()
                    : Optional.of(AccountSecurity.RECENT.toSeconds()), strong ? Optional.empty() : Optional.of(Assurance.MULTI_FACTOR.acr()),
                    page, true);
        }
        String typed = posted.form().optional("new_email").orElse("");
        Language language = page.language(holder.tenant().defaultLanguage().flatMap(Language::of));
        Optional<String> problem = verification.requestChange(holder, typed, language);
        if (problem.isPresent()) {
            return profilePage(400, page, posted.sent(), holder, posted.stored(), Map.of(), Optional.empty(), Optional.empty(),
                    ProfileForm.display(typed.strip()), problem.get());
        }
        return HtmlResponse.redirect(URI.create(pageAddress + "?done=email_sent"), true, List.of());
    }

    // --- end of issue 17, email verification ---

    /** A form posted to the page, read, from a live session, with its CSRF field checked. */
    private record Posted(FormParameters form, PageRequest page, Map<String, Cookie> sent, AccountSecurity.Holder holder,
                          Map<String, String> stored) {}

    /** Reads a form posted to the page and checks its session and CSRF field before {@code then} acts on it. */
    private Response posted(String contentType, InputStream body, HttpServletRequest request, HttpHeaders headers,
                            java.util.function.Function<Posted, Response> then) {
        FormParameters form;
        try {
            form = FormParameters.read(contentType, body);
        } catch (OAuthException malformed) {
            return AccountPages.error(400, AccountPages.pageRequest("account", FormParameters.parse(new byte[0]), headers, cookies)
                    .recordIn(request), Message.of("account.error.expired_form"));
        }
        PageRequest page = AccountPages.pageRequest("account", form, headers, cookies).recordIn(request);
        Map<String, Cookie> sent = headers.getCookies();
        Optional<String> sessionCookie = cookies.session(sent);
        Optional<AccountSecurity.Holder> holder = sessionCookie.flatMap(security::holder);
        if (holder.isEmpty()) {
            // signed out meanwhile: the page, which sends the browser to sign in
            return HtmlResponse.redirect(URI.create(pageAddress), true, List.of());
        }
        Map<String, String> stored = stored(holder.get().user());
        if (!csrf.matches(Csrf.Purpose.ACCOUNT, form.optional(Csrf.FIELD), cookies.csrf(sent), AccountPages.binding(sessionCookie.get()))) {
            return profilePage(403, page, sent, holder.get(), stored, Map.of(), Optional.empty(), Optional.of(Message.of("account.error.expired_form")));
        }
        return then.apply(new Posted(form, page, sent, holder.get(), stored));
    }

    /** What the user has, by the page's field names. */
    private static Map<String, String> stored(User user) {
        Map<String, String> values = new LinkedHashMap<>();
        user.name().ifPresent(name -> values.put("name", name));
        StandardClaims claims = user.standardClaims();
        StandardClaims.TEXT.forEach(claim -> claims.text(claim).ifPresent(value -> values.put(claim, value)));
        claims.address().ifPresent(address -> address.forEach((part, value) -> values.put(StandardClaims.ADDRESS + "." + part, value)));
        return values;
    }

    private Response profilePage(int status, PageRequest page, Map<String, Cookie> sent, AccountSecurity.Holder holder, Map<String, String> values,
                                 Map<String, String> errors, Optional<Message> notice) {
        return profilePage(status, page, sent, holder, values, errors, notice,
                errors.isEmpty() ? Optional.empty() : Optional.of(Message.of("claims.profile.failed")));
    }

    private Response profilePage(int status, PageRequest page, Map<String, Cookie> sent, AccountSecurity.Holder holder, Map<String, String> values,
                                 Map<String, String> errors, Optional<Message> notice, Optional<Message> error) {
        return profilePage(status, page, sent, holder, values, errors, notice, error, "", null);
    }

    /** @param typedEmail, emailError the email form's value shown again and why it was refused (null when it was not) */
    private Response profilePage(int status, PageRequest page, Map<String, Cookie> sent, AccountSecurity.Holder holder, Map<String, String> values,
                                 Map<String, String> errors, Optional<Message> notice, Optional<Message> error, String typedEmail,
                                 String emailError) {
        String sessionCookie = cookies.session(sent).orElseThrow();
        Csrf.Token token = csrf.forForm(Csrf.Purpose.ACCOUNT, cookies.csrf(sent), AccountPages.binding(sessionCookie));
        List<String> editable = holder.tenant().profileEditable();
        List<Pages.ProfileField> fields = new ArrayList<>();
        List<Pages.ProfileField> address = new ArrayList<>();
        for (String claim : editable) {
            if (claim.equals(StandardClaims.ADDRESS)) {
                StandardClaims.ADDRESS_PARTS.forEach(part -> address.add(field(StandardClaims.ADDRESS + "." + part, part, values, errors)));
            } else {
                fields.add(field(claim, claim, values, errors));
            }
        }
        Language language = page.language(holder.tenant().defaultLanguage().flatMap(Language::of));
        Pages.EmailSection email = new Pages.EmailSection(holder.user().email().orElse(null), holder.user().emailVerified(),
                pageAddress + "/email", typedEmail, emailError);
        String html = Pages.SERVED.branded(Branding.page(holder.tenant())).accountProfile(new Pages.AccountProfilePage(
                holder.tenant().displayName().orElse(holder.tenant().name()), holder.user().username(), token.value(),
                pageAddress, fields, address, notice, error), email, page.languageSwitch(language));
        List<String> setCookies = new ArrayList<>(token.setCookies());
        setCookies.addAll(page.setCookies());
        return HtmlResponse.form(status, html, Optional.empty(), setCookies);
    }

    /** The page's field {@code field}, checked by {@code rule}'s rules, showing its value and why it was refused. */
    private static Pages.ProfileField field(String field, String rule, Map<String, String> byField, Map<String, String> errors) {
        String id = "claim-" + field.replace('.', '-');
        String key = "claims.field." + field;
        return new Pages.ProfileField(id, field, key, ProfileForm.display(byField.get(field)), TYPES.getOrDefault(rule, "text"),
                AUTOCOMPLETE.getOrDefault(rule, "off"), ClaimRules.maxLength(rule), HINTED.contains(rule) ? "claims.hint." + rule : null,
                errors.get(field));
    }
}
