package com.orbusdigital.oid.web.page;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders OID's pages from the Thymeleaf templates in {@code templates/}: one layout (the document,
 * the stylesheet, the language switch) and a template per page, every word from the message
 * bundles in the page's language ({@link BundleMessages}). Thymeleaf escapes every value for where
 * it lands, text or attribute: names come from administrators and messages may echo user input.
 * The markup carries no script, inline style or foreign resource, so the pages work without
 * JavaScript under a strict Content-Security-Policy. The engine is built once and caches the
 * parsed templates: a page costs one walk over them.
 */
public final class Pages {

    /**
     * The pages as OID serves them. Every page is answered at the webapp's top level (/authorize,
     * /login, /logout), so the relative href finds /assets/oid.css under any context path or proxy
     * prefix — and always on the page's own origin, which the pages' {@code style-src 'self'} needs
     * (an href derived from JWT_ISSUER would break when a page is reached through another host).
     */
    public static final Pages SERVED = new Pages("assets/oid.css");

    /** The model entry naming a file of /assets/ the page runs (StepView.SCRIPT; issue 16, passkeys). */
    private static final String SCRIPT = "script";

    private final TemplateEngine engine;
    private final String stylesheetHref;
    /** The tenant's look (issue 17, branding); {@link PageBrand#NONE} for OID's own. */
    private final PageBrand brand;

    /** @param stylesheetHref e.g. "/assets/oid.css", or "/ctx/assets/oid.css" under a context path */
    public Pages(String stylesheetHref) {
        this.stylesheetHref = Objects.requireNonNull(stylesheetHref, "stylesheetHref");
        ClassLoaderTemplateResolver templates = new ClassLoaderTemplateResolver(Pages.class.getClassLoader());
        templates.setPrefix("templates/");
        templates.setSuffix(".html");
        templates.setTemplateMode(TemplateMode.HTML);
        templates.setCharacterEncoding("UTF-8");
        templates.setCacheable(true);
        this.engine = new TemplateEngine();
        engine.setTemplateResolver(templates);
        engine.setMessageResolver(new BundleMessages());
        this.brand = PageBrand.NONE;
    }

    // --- issue 17, branding ---
    private Pages(Pages unbranded, PageBrand brand) {
        this.engine = unbranded.engine;
        this.stylesheetHref = unbranded.stylesheetHref;
        this.brand = Objects.requireNonNull(brand, "brand");
    }

    /** The same pages in a tenant's look: its display name, logo and accent colour (the same engine, nothing parsed again). */
    public Pages branded(PageBrand brand) {
        return new Pages(this, brand);
    }
    // --- end of issue 17, branding ---

    /**
     * The sign-in form. hiddenFields are posted back in iteration order (they carry the authorization
     * request and a CSRF token); username pre-fills the username field ("" = empty); error is shown
     * above the form.
     */
    public record LoginForm(String tenantName, String clientName, String action,
                            Map<String, String> hiddenFields, String username, Optional<Message> error, boolean signUp,
                            Providers providers) {
        public LoginForm {
            Objects.requireNonNull(providers, "providers");
            Objects.requireNonNull(tenantName, "tenantName");
            Objects.requireNonNull(clientName, "clientName");
            Objects.requireNonNull(action, "action");
            hiddenFields = orderedCopy(hiddenFields);
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(error, "error");
        }

        /** Issue 17, self sign-up: a tenant that does not let people sign up (no "Create an account" link). */
        public LoginForm(String tenantName, String clientName, String action, Map<String, String> hiddenFields, String username,
                         Optional<Message> error) {
            this(tenantName, clientName, action, hiddenFields, username, error, false);
        }

        /** Without the tenant's providers (issue 18). */
        public LoginForm(String tenantName, String clientName, String action, Map<String, String> hiddenFields, String username,
                         Optional<Message> error, boolean signUp) {
            this(tenantName, clientName, action, hiddenFields, username, error, signUp, Providers.NONE);
        }
    }

    // --- issue 18, federation: the tenant's own providers on the login page ---
    /**
     * The "Continue with …" buttons (each a form posting the carried request to {action}/federation/start
     * with its provider's id); {@code only}: the tenant signs in only through them (no password, no
     * passkey, no sign-up or forgotten password); {@code passwordRequired} false when typing an address
     * may send the person to their provider instead (home-realm discovery).
     */
    public record Providers(List<Provider> buttons, boolean only, boolean passwordRequired) {
        public static final Providers NONE = new Providers(List.of(), false, true);

        public Providers {
            buttons = List.copyOf(buttons);
        }
    }

    public record Provider(String id, String displayName) {}
    // --- end of issue 18 ---

    /** Asks the user to confirm signing out: a form posting the hidden fields to action. */
    public record LogoutForm(String action, Map<String, String> hiddenFields, Optional<String> clientName) {
        public LogoutForm {
            Objects.requireNonNull(action, "action");
            hiddenFields = orderedCopy(hiddenFields);
            Objects.requireNonNull(clientName, "clientName");
        }
    }

    /**
     * A step of a sign-in after the password (or of a step-up): a further factor to prove, or one to
     * set up. The page frames the method's own part ({@code stepTemplate}'s fragment {@code step},
     * which reads {@code model} and posts its forms with {@code hidden} to {@code loginAction}/…).
     *
     * @param method       the method shown (passkey, otp, recovery_code), or "choice" for the choice of one to set up
     * @param enrol        whether this sets a factor up rather than proving it
     * @param otherMethods the other methods the user may switch to, in order
     * @param loginAction  the login endpoint ("…/login"); a step posts to loginAction + "/" + its name
     */
    public record StepForm(String tenantName, String clientName, String loginAction, Map<String, String> hiddenFields,
                           String method, boolean enrol, List<String> otherMethods, Optional<Message> error) {
        public StepForm {
            Objects.requireNonNull(tenantName, "tenantName");
            Objects.requireNonNull(clientName, "clientName");
            Objects.requireNonNull(loginAction, "loginAction");
            hiddenFields = orderedCopy(hiddenFields);
            Objects.requireNonNull(method, "method");
            otherMethods = List.copyOf(otherMethods);
            Objects.requireNonNull(error, "error");
        }
    }

    public String step(StepForm form, String stepTemplate, Map<String, Object> model, LanguageSwitch languages) {
        Map<String, Object> page = new HashMap<>(model);
        page.put("tenantName", form.tenantName());
        page.put("clientName", form.clientName());
        page.put("loginAction", form.loginAction());
        page.put("hidden", form.hiddenFields());
        page.put("method", form.method());
        page.put("enrol", form.enrol());
        page.put("otherMethods", form.otherMethods());
        page.put("stepTemplate", stepTemplate);
        page.put("failed", form.error().isPresent());
        form.error().ifPresent(error -> message(page, "error", error));
        return render("sign-in-step", languages, page);
    }

    /** One of the user's sessions as the account page lists it (times already written in the page's language). */
    public record SessionRow(String started, String lastSeen, boolean current) {}

    /**
     * The account's security page. notice: a change that went through; error: one that did not
     * ({@code passwordFailed} when it concerns the password form).
     */
    public record AccountSecurityPage(String tenantName, String username, String csrf, String passwordAction, String sessionsAction,
                                      int minLength, List<SessionRow> sessions, Optional<Message> notice, Optional<Message> error,
                                      boolean passwordFailed, Factors factors, Shown shown) {
        public AccountSecurityPage {
            sessions = List.copyOf(sessions);
        }
    }

    /** One of the user's passkeys as the account page lists it. */
    public record PasskeyRow(String id, String name, String created, String lastUsed, boolean synced) {}

    /**
     * The factors' sections of the account page.
     *
     * @param totpSince     when the authenticator app was set up, if it is
     * @param recoveryCodes how many unused recovery codes, if the user has a set
     */
    public record Factors(List<PasskeyRow> passkeys, Optional<String> totpSince, Optional<Integer> recoveryCodes) {
        public Factors {
            passkeys = List.copyOf(passkeys);
        }
    }

    /**
     * What the account page shows once, after an action: an authenticator app being set up (its
     * QR code and setup key), or a new set of recovery codes.
     */
    public record Shown(Optional<TotpSetup> totpSetup, List<String> newRecoveryCodes, Optional<String> passkeyOptions) {
        public static final Shown NOTHING = new Shown(Optional.empty(), List.of(), Optional.empty());

        public Shown {
            newRecoveryCodes = List.copyOf(newRecoveryCodes);
        }
    }

    /** An authenticator app to set up: the QR code (a data: URL OID drew) and the setup key as text. */
    public record TotpSetup(String qrCode, String secret) {
        @Override
        public String toString() {
            return "TotpSetup[…]";
        }
    }

    public String accountSecurity(AccountSecurityPage form, LanguageSwitch languages) {
        Map<String, Object> page = new HashMap<>();
        page.put("tenantName", form.tenantName());
        page.put("username", form.username());
        page.put("csrf", form.csrf());
        page.put("passwordAction", form.passwordAction());
        page.put("sessionsAction", form.sessionsAction());
        page.put("minLength", form.minLength());
        page.put("sessions", form.sessions());
        page.put("noticeKey", null);
        form.notice().ifPresent(notice -> message(page, "notice", notice));
        page.put("failed", form.error().isPresent());
        page.put("passwordFailed", form.passwordFailed());
        form.error().ifPresent(error -> message(page, "error", error));
        page.put("passkeys", form.factors().passkeys());
        page.put("totpSince", form.factors().totpSince().orElse(null));
        page.put("recoveryCodes", form.factors().recoveryCodes().orElse(null));
        page.put("totpSetup", form.shown().totpSetup().orElse(null));
        page.put("newRecoveryCodes", form.shown().newRecoveryCodes());
        page.put("passkeyOptions", form.shown().passkeyOptions().orElse(null));
        form.shown().passkeyOptions().ifPresent(options -> page.put(SCRIPT, "passkey.js"));
        return render("account-security", languages, page);
    }

    // --- issue 17, item 9: the account's profile page (/account) ---

    /**
     * One field of the profile page.
     *
     * @param id           its input's id and the prefix of its hint's and error's ids
     * @param name         the form field's name: a claim, or {@code address.<part>}
     * @param labelKey     the message key of its label
     * @param value        what the field shows ("" when nothing)
     * @param type         the input type: text, url, tel
     * @param autocomplete its autocomplete token
     * @param hintKey      the message key of a hint below it, or null
     * @param errorKey     the message key of why the value sent was refused, or null
     */
    public record ProfileField(String id, String name, String labelKey, String value, String type, String autocomplete, int maxLength,
                               String hintKey, String errorKey) {

        /** Its aria-describedby: the error first, then the hint; null when neither. */
        public String describedBy() {
            String ids = ((errorKey == null ? "" : id + "-error ") + (hintKey == null ? "" : id + "-hint")).strip();
            return ids.isEmpty() ? null : ids;
        }
    }

    /**
     * The account's profile page: the user's name and the claims their tenant lets them edit
     * ({@code address}: its parts, in a group of their own). notice: a save that went through;
     * error: one that did not (its fields say why, when they do).
     */
    public record AccountProfilePage(String tenantName, String username, String csrf, String action, List<ProfileField> fields,
                                     List<ProfileField> address, Optional<Message> notice, Optional<Message> error) {
        public AccountProfilePage {
            fields = List.copyOf(fields);
            address = List.copyOf(address);
        }
    }

    public String accountProfile(AccountProfilePage form, LanguageSwitch languages) {
        return render("account-profile", languages, profileModel(form));
    }

    private static Map<String, Object> profileModel(AccountProfilePage form) {
        Map<String, Object> page = new HashMap<>();
        page.put("tenantName", form.tenantName());
        page.put("username", form.username());
        page.put("csrf", form.csrf());
        page.put("action", form.action());
        page.put("fields", form.fields());
        page.put("address", form.address());
        // the names of the fields shown, so that one left blank (which a browser sends as "") is told from one not shown
        page.put("fieldNames", String.join(" ", java.util.stream.Stream.concat(form.fields().stream(), form.address().stream())
                .map(ProfileField::name).toList()));
        page.put("noticeKey", null);
        form.notice().ifPresent(notice -> message(page, "notice", notice));
        page.put("failed", form.error().isPresent());
        form.error().ifPresent(error -> message(page, "error", error));
        page.put("email", null);
        return page;
    }

    // --- issue 17, email verification ---

    /**
     * The profile page's email part: the user's address (null for none), whether it is verified,
     * and the form that asks for a link to a new one ({@code typed} shown again with {@code errorKey}).
     */
    public record EmailSection(String current, boolean verified, String action, String typed, String errorKey) {
        /** Its input's aria-describedby: the error first, then the hint. */
        public String describedBy() {
            return (errorKey == null ? "" : "new-email-error ") + "new-email-hint";
        }
    }

    /** The profile page with its email part. */
    public String accountProfile(AccountProfilePage form, EmailSection email, LanguageSwitch languages) {
        Map<String, Object> page = profileModel(form);
        page.put("email", Objects.requireNonNull(email, "email"));
        return render("account-profile", languages, page);
    }

    /**
     * A page of an email verification's link (templates/email-verification.html).
     *
     * @param step   confirm (the form, posting {@code hiddenFields} to {@code action}), verified, changed, dead or taken
     * @param email  the address the link proves ("" on the dead page, which names nothing)
     */
    public record VerifyEmailPage(String tenantName, String step, String action, Map<String, String> hiddenFields, String email,
                                  String accountHref) {
        public VerifyEmailPage {
            Objects.requireNonNull(tenantName, "tenantName");
            Objects.requireNonNull(step, "step");
            hiddenFields = orderedCopy(hiddenFields);
            Objects.requireNonNull(email, "email");
        }
    }

    public String verifyEmail(VerifyEmailPage form, LanguageSwitch languages) {
        Map<String, Object> page = new HashMap<>();
        page.put("tenantName", form.tenantName());
        page.put("step", form.step());
        page.put("action", form.action());
        page.put("hidden", form.hiddenFields());
        page.put("email", form.email());
        page.put("accountHref", form.accountHref());
        page.put("failed", false);
        return render("email-verification", languages, page);
    }

    // --- end of issue 17, email verification ---

    // --- end of issue 17, item 9 ---

    // --- issue 17, the forgotten password ---

    /**
     * A page of the forgotten password (templates/password-reset.html).
     *
     * @param step      request, sent, choose, dead, other_user or done
     * @param action    where its form posts (request, choose), with {@code hiddenFields}
     * @param backHref  the sign-in to go back to, if known
     * @param againHref the page that asks for a new link, if known
     */
    public record ResetPage(String tenantName, String step, String action, Map<String, String> hiddenFields, Optional<String> backHref,
                            Optional<String> againHref, int minLength, long minutes, Optional<Message> error) {
        public ResetPage {
            Objects.requireNonNull(tenantName, "tenantName");
            Objects.requireNonNull(step, "step");
            hiddenFields = orderedCopy(hiddenFields);
        }
    }

    public String passwordReset(ResetPage form, LanguageSwitch languages) {
        Map<String, Object> page = new HashMap<>();
        page.put("tenantName", form.tenantName());
        page.put("step", form.step());
        page.put("action", form.action());
        page.put("hidden", form.hiddenFields());
        page.put("backHref", form.backHref().orElse(null));
        page.put("againHref", form.againHref().orElse(null));
        page.put("minLength", form.minLength());
        page.put("minutes", form.minutes());
        page.put("failed", form.error().isPresent());
        form.error().ifPresent(error -> message(page, "error", error));
        return render("password-reset", languages, page);
    }

    // --- end of issue 17, the forgotten password ---

    // --- issue 17, invitations ---

    /** The invitation's page: {@code step} choose (the password), dead, other_user or taken. */
    public record InvitationPage(String tenantName, String step, String action, Map<String, String> hiddenFields, String username,
                                 int minLength, Optional<Message> error) {
        public InvitationPage {
            Objects.requireNonNull(tenantName, "tenantName");
            Objects.requireNonNull(step, "step");
            hiddenFields = orderedCopy(hiddenFields);
        }
    }

    public String invitation(InvitationPage form, LanguageSwitch languages) {
        Map<String, Object> page = new HashMap<>();
        page.put("tenantName", form.tenantName());
        page.put("step", form.step());
        page.put("action", form.action());
        page.put("hidden", form.hiddenFields());
        page.put("username", form.username());
        page.put("minLength", form.minLength());
        page.put("failed", form.error().isPresent());
        form.error().ifPresent(error -> message(page, "error", error));
        return render("invitation", languages, page);
    }

    // --- end of issue 17, invitations ---

    public String login(LoginForm form, LanguageSwitch languages) {
        boolean failed = form.error().isPresent();
        boolean usernameKnown = !form.username().isEmpty();
        Map<String, Object> page = new HashMap<>();
        page.put("tenantName", form.tenantName());
        page.put("clientName", form.clientName());
        page.put("action", form.action());
        page.put("hidden", form.hiddenFields());
        page.put("username", usernameKnown ? form.username() : null);
        // a new user starts at the username, a returning one (login_hint, id_token_hint) at the password
        page.put("usernameFocus", !usernameKnown);
        page.put("passwordFocus", usernameKnown);
        page.put("failed", failed);
        form.error().ifPresent(error -> message(page, "error", error));
        // issue 16: "Sign in with a passkey" and passkey autofill (HtmlResponse.scriptedForm lets it run)
        page.put(SCRIPT, "passkey.js");
        // issue 17: "Forgot your password?" carries the authorization request (not the CSRF field) to come back to it
        page.put("forgotHref", carriedLink(form.action() + "/password/forgot", form.hiddenFields()));
        // issue 17, self sign-up: "Create an account", carrying the request likewise, when the tenant allows it
        page.put("signUpHref", form.signUp() ? carriedLink(form.action() + "/sign-up", form.hiddenFields()) : null);
        // issue 18: the tenant's providers
        page.put("providers", form.providers().buttons());
        page.put("providersOnly", form.providers().only());
        page.put("passwordRequired", form.providers().passwordRequired());
        page.put("federationAction", form.action() + "/federation/start");
        return render("login", languages, page);
    }

    /** A link from the login page that carries the authorization request of its hidden fields (not the CSRF field). */
    private static String carriedLink(String base, Map<String, String> hiddenFields) {
        com.orbusdigital.oid.web.UrlQuery link = com.orbusdigital.oid.web.UrlQuery.on(base);
        hiddenFields.forEach((name, value) -> link.add(name, name.equals("csrf") ? Optional.empty() : Optional.of(value)));
        return link.toString();
    }

    // --- issue 17, self sign-up ---
    /**
     * The sign-up pages (template sign-up), one per step.
     *
     * @param step     request, sent, choose, dead, taken
     * @param action   where its form posts (request, choose), with {@code hiddenFields}
     * @param values   what the request form shows again after a refusal (email, name), or the address a link verifies (email)
     * @param domains  the tenant's sign-up domains, when it lists any
     * @param backHref the sign-in to go back to, if known
     */
    public record SignUpPage(String tenantName, String step, String action, Map<String, String> hiddenFields, Map<String, String> values,
                             List<String> domains, Optional<String> backHref, int minLength, long minutes, Optional<Message> error) {
        public SignUpPage {
            Objects.requireNonNull(tenantName, "tenantName");
            Objects.requireNonNull(step, "step");
            hiddenFields = orderedCopy(hiddenFields);
            values = Map.copyOf(values);
            domains = List.copyOf(domains);
        }
    }

    public String signUp(SignUpPage form, LanguageSwitch languages) {
        Map<String, Object> page = new HashMap<>();
        page.put("tenantName", form.tenantName());
        page.put("step", form.step());
        page.put("action", form.action());
        page.put("hidden", form.hiddenFields());
        page.put("values", form.values());
        page.put("domains", form.domains().isEmpty() ? null : String.join(", ", form.domains()));
        page.put("backHref", form.backHref().orElse(null));
        page.put("minLength", form.minLength());
        page.put("minutes", form.minutes());
        page.put("failed", form.error().isPresent());
        form.error().ifPresent(error -> message(page, "error", error));
        return render("sign-up", languages, page);
    }
    // --- end of issue 17, self sign-up ---

    /** Something went wrong and the user cannot continue (unknown application, bad redirect address, expired form). */
    public String error(Message title, Message message, LanguageSwitch languages) {
        Map<String, Object> page = new HashMap<>();
        message(page, "title", title);
        message(page, "message", message);
        return render("error", languages, page);
    }

    /** @param clientName the application the user signed out of, if known */
    public String signedOut(Optional<String> clientName, LanguageSwitch languages) {
        Map<String, Object> page = new HashMap<>();
        page.put("clientName", clientName.orElse(null));
        return render("signed-out", languages, page);
    }

    /** RP-initiated logout without a valid id_token_hint: we cannot tell who asked, so the user decides. */
    public String confirmLogout(LogoutForm form, LanguageSwitch languages) {
        Map<String, Object> page = new HashMap<>();
        page.put("action", form.action());
        page.put("hidden", form.hiddenFields());
        page.put("clientName", form.clientName().orElse(null));
        return render("confirm-logout", languages, page);
    }

    // --- issue 17, consent for third-party applications ---

    /**
     * The consent page: the application and its tenant, each scope asked for in words (posted back with
     * the authorization request and a CSRF token in hiddenFields), Allow and Deny.
     */
    public record ConsentForm(String tenantName, String clientName, String action, Map<String, String> hiddenFields,
                              List<Message> scopes, Optional<Message> error) {
        public ConsentForm {
            hiddenFields = orderedCopy(hiddenFields);
            scopes = List.copyOf(scopes);
        }
    }

    public String consent(ConsentForm form, LanguageSwitch languages) {
        Map<String, Object> page = new HashMap<>();
        page.put("tenantName", form.tenantName());
        page.put("clientName", form.clientName());
        page.put("action", form.action());
        page.put("hidden", form.hiddenFields());
        page.put("scopes", form.scopes());
        page.put("failed", form.error().isPresent());
        form.error().ifPresent(error -> message(page, "error", error));
        return render("consent", languages, page);
    }

    /** An application the user allowed, on /account/applications: its client_id (the form's value), name, scopes, when. */
    public record ApplicationRow(String clientId, String name, List<Message> scopes, String grantedAt) {
        public ApplicationRow {
            scopes = List.copyOf(scopes);
        }
    }

    /** The connected applications page: each with a form that revokes it. */
    public record ApplicationsPage(String tenantName, String username, String csrf, String action, List<ApplicationRow> applications,
                                   Optional<Message> notice, Optional<Message> error) {
        public ApplicationsPage {
            applications = List.copyOf(applications);
        }
    }

    public String accountApplications(ApplicationsPage form, LanguageSwitch languages) {
        Map<String, Object> page = new HashMap<>();
        page.put("tenantName", form.tenantName());
        page.put("username", form.username());
        page.put("csrf", form.csrf());
        page.put("action", form.action());
        page.put("applications", form.applications());
        page.put("noticeKey", null);
        form.notice().ifPresent(notice -> message(page, "notice", notice));
        page.put("failed", form.error().isPresent());
        form.error().ifPresent(error -> message(page, "error", error));
        return render("account-applications", languages, page);
    }

    // --- end of issue 17, consent ---

    // --- issue 18, response_mode=form_post ---

    /**
     * The authorization response as a form the browser posts to the client's redirect URI
     * ({@code action}): {@code hiddenFields} in order, the application's name when known.
     */
    public record FormPostPage(Optional<String> clientName, String action, Map<String, String> hiddenFields) {
        public FormPostPage {
            Objects.requireNonNull(clientName, "clientName");
            Objects.requireNonNull(action, "action");
            hiddenFields = orderedCopy(hiddenFields);
        }
    }

    public String formPost(FormPostPage form, LanguageSwitch languages) {
        Map<String, Object> page = new HashMap<>();
        page.put("clientName", form.clientName().orElse(null));
        page.put("action", form.action());
        page.put("hidden", form.hiddenFields());
        // submits the form on load; HtmlResponse.formPost lets it run
        page.put(SCRIPT, "form-post.js");
        return render("form-post", languages, page);
    }

    // --- end of issue 18, response_mode=form_post ---

    private String render(String template, LanguageSwitch languages, Map<String, Object> page) {
        // relative as the language switch's links are (a sign-in step answered at /login/otp)
        String stylesheet = stylesheetHref.startsWith("/") ? stylesheetHref : languages.toTop() + stylesheetHref;
        // a script a page names (a file of /assets/, issue 16) is found where the stylesheet is
        Object script = page.get(SCRIPT);
        if (script != null) {
            page.put(SCRIPT, stylesheet.substring(0, stylesheet.lastIndexOf('/') + 1) + script);
        }
        page.put("language", languages.shown().tag());
        page.put("links", languages.links());
        page.put("stylesheet", stylesheet);
        // issue 17, branding: beside the stylesheet, at OID's top level, as it is
        int assets = stylesheet.lastIndexOf("assets/");
        String top = assets < 0 ? "" : stylesheet.substring(0, assets);
        page.put("brandName", brand.displayName().orElse(null));
        page.put("logo", brand.logoPath().map(path -> top + path).orElse(null));
        page.put("theme", brand.themePath().map(path -> top + path).orElse(null));
        return engine.process(template, new Context(languages.shown().locale(), page));
    }

    /** A message as the templates take it: its key and its arguments, resolved in the page's language. */
    private static void message(Map<String, Object> page, String name, Message message) {
        page.put(name + "Key", message.key());
        page.put(name + "Arguments", message.arguments().toArray());
    }

    /** Map.copyOf would lose the order the hidden fields are promised to keep. */
    private static Map<String, String> orderedCopy(Map<String, String> fields) {
        Objects.requireNonNull(fields, "hiddenFields");
        return Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
