package com.orbusdigital.oid.web.page;

import static com.orbusdigital.oid.web.page.Html.escape;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders OID's pages as complete HTML documents. Every interpolated value is escaped: names come
 * from administrators and messages may echo user input. The markup carries no script, inline style
 * or foreign resource, so the pages work without JavaScript under a strict Content-Security-Policy.
 */
public final class Pages {

    private static final String ERROR_ID = "form-error";

    /**
     * The pages as OID serves them. Every page is answered at the webapp's top level (/authorize,
     * /login, /logout), so the relative href finds /assets/oid.css under any context path or proxy
     * prefix — and always on the page's own origin, which the pages' {@code style-src 'self'} needs
     * (an href derived from JWT_ISSUER would break when a page is reached through another host).
     */
    public static final Pages SERVED = new Pages("assets/oid.css");

    private final Document document;

    /** @param stylesheetHref e.g. "/assets/oid.css", or "/ctx/assets/oid.css" under a context path */
    public Pages(String stylesheetHref) {
        this.document = new Document(Objects.requireNonNull(stylesheetHref, "stylesheetHref"));
    }

    /**
     * The sign-in form. hiddenFields are posted back in iteration order (they carry the authorization
     * request and a CSRF token); username pre-fills the username field ("" = empty); error is shown
     * above the form.
     */
    public record LoginForm(String tenantName, String clientName, String action,
                            Map<String, String> hiddenFields, String username, Optional<String> error) {
        public LoginForm {
            Objects.requireNonNull(tenantName, "tenantName");
            Objects.requireNonNull(clientName, "clientName");
            Objects.requireNonNull(action, "action");
            hiddenFields = orderedCopy(hiddenFields);
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(error, "error");
        }
    }

    /** Asks the user to confirm signing out: a form posting the hidden fields to action. */
    public record LogoutForm(String action, Map<String, String> hiddenFields, Optional<String> clientName) {
        public LogoutForm {
            Objects.requireNonNull(action, "action");
            hiddenFields = orderedCopy(hiddenFields);
            Objects.requireNonNull(clientName, "clientName");
        }
    }

    public String login(LoginForm form) {
        boolean failed = form.error().isPresent();
        String main = """
                <header>
                  %s
                  <h1>Sign in</h1>
                  <p class="lede">to continue to <strong>%s</strong></p>
                </header>
                %s<form method="post" action="%s">
                %s  <div class="field">
                    <label for="username">Username</label>
                    %s
                  </div>
                  <div class="field">
                    <label for="password">Password</label>
                    %s
                  </div>
                  <button type="submit">Sign in</button>
                </form>
                """.formatted(
                Document.caption(form.tenantName()),
                escape(form.clientName()),
                form.error().map(Pages::alert).orElse(""),
                escape(form.action()),
                hiddenInputs(form.hiddenFields()),
                usernameInput(form.username(), failed),
                passwordInput(!form.username().isEmpty(), failed));
        // "Error: " first in the title is what a screen reader announces on arrival
        String title = (failed ? "Error: " : "") + "Sign in to " + form.clientName();
        return document.render(title, main);
    }

    /** Something went wrong and the user cannot continue (unknown application, bad redirect address, expired form). */
    public String error(String title, String message) {
        String main = """
                <header>
                  %s
                  %s
                  <h1>%s</h1>
                </header>
                <p>%s</p>
                <p class="hint">You can close this window and return to the application you came from.</p>
                """.formatted(Document.caption("OID"), Document.ERROR_ICON, escape(title), escape(message));
        return document.render(title, main);
    }

    /** @param clientName the application the user signed out of, if known */
    public String signedOut(Optional<String> clientName) {
        String what = clientName
                .map(name -> "You have signed out of <strong>" + escape(name) + "</strong>.")
                .orElse("You have signed out.");
        String main = """
                <header>
                  %s
                  %s
                  <h1>You are signed out</h1>
                </header>
                <p>%s</p>
                <p class="hint">You can close this window.</p>
                """.formatted(Document.caption("OID"), Document.DONE_ICON, what);
        return document.render("Signed out", main);
    }

    /** RP-initiated logout without a valid id_token_hint: we cannot tell who asked, so the user decides. */
    public String confirmLogout(LogoutForm form) {
        String who = form.clientName()
                .map(name -> "<strong>" + escape(name) + "</strong> asked to sign you out. ")
                .orElse("");
        String main = """
                <header>
                  %s
                  <h1>Sign out of OID?</h1>
                </header>
                <p>%sThis ends your OID session in this browser.</p>
                <form method="post" action="%s">
                %s  <button type="submit">Sign out</button>
                </form>
                <p class="hint">If you did not mean to sign out, you can close this window.</p>
                """.formatted(Document.caption("OID"), who, escape(form.action()), hiddenInputs(form.hiddenFields()));
        return document.render("Sign out of OID?", main);
    }

    /** Focused when empty: a new user starts here. */
    private static String usernameInput(String username, boolean failed) {
        return "<input id=\"username\" name=\"username\" type=\"text\""
                + (username.isEmpty() ? "" : " value=\"" + escape(username) + "\"")
                + " autocomplete=\"username\" autocapitalize=\"none\" autocorrect=\"off\" spellcheck=\"false\" required"
                + invalid(failed) + (username.isEmpty() ? " autofocus" : "") + ">";
    }

    /** Focused when the username is known: a returning user goes straight to the password. */
    private static String passwordInput(boolean usernameKnown, boolean failed) {
        return "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required"
                + invalid(failed) + (usernameKnown ? " autofocus" : "") + ">";
    }

    /** Screen readers read the error again when a field it concerns takes focus. */
    private static String invalid(boolean failed) {
        return failed ? " aria-invalid=\"true\" aria-describedby=\"" + ERROR_ID + "\"" : "";
    }

    private static String alert(String message) {
        return """
                <div class="alert" id="%s" role="alert">
                  %s
                  <p>%s</p>
                </div>
                """.formatted(ERROR_ID, Document.ALERT_ICON, escape(message));
    }

    private static String hiddenInputs(Map<String, String> fields) {
        StringBuilder inputs = new StringBuilder();
        fields.forEach((name, value) -> inputs.append("  <input type=\"hidden\" name=\"").append(escape(name))
                .append("\" value=\"").append(escape(value)).append("\">\n"));
        return inputs.toString();
    }

    /** Map.copyOf would lose the order the hidden fields are promised to keep. */
    private static Map<String, String> orderedCopy(Map<String, String> fields) {
        Objects.requireNonNull(fields, "hiddenFields");
        return Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
