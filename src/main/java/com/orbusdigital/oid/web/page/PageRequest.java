package com.orbusdigital.oid.web.page;

import com.orbusdigital.oid.web.BrowserCookies;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a page needs from the request it answers, whoever renders it (the flow, the browser error
 * mapper, the catch-all mapper during an outage, the rate limit): the language preferences, the
 * cookie to set when the user just picked a language, and how to ask for the same page again by
 * GET (for the language switch). A browser endpoint records it as a request attribute as soon as it
 * has read its parameters, so that an error later in the request is shown in the same language.
 *
 * @param path       the endpoint that shows this page again by GET
 * @param parameters what that GET needs (never a password or a CSRF token)
 */
public record PageRequest(LanguageChoice languages, Optional<String> languageCookie, String path, Map<String, String> parameters) {

    public static final String ATTRIBUTE = PageRequest.class.getName();

    public PageRequest {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * @param path           the endpoint that shows the page again by GET
     * @param parameters     the request's parameters as read (ui_locales and lang among them)
     * @param repeated       of those, the names a GET of {@code path} may repeat
     * @param acceptLanguage the Accept-Language header(s), null when absent
     * @param cookies        the browser's language cookie is read from {@code sent} and set through these;
     *                       empty when the issuer, which names it, is not at hand
     */
    public static PageRequest of(String path, Map<String, String> parameters, List<String> repeated, String acceptLanguage,
                                 Optional<BrowserCookies> cookies, Map<String, jakarta.ws.rs.core.Cookie> sent) {
        return of(path, parameters, repeated, acceptLanguage, cookies, cookies.flatMap(named -> named.language(sent)));
    }

    /** The same, with the language cookie's value already read (from a servlet request). */
    public static PageRequest of(String path, Map<String, String> parameters, List<String> repeated, String acceptLanguage,
                                 Optional<BrowserCookies> cookies, Optional<String> languageCookie) {
        LanguageChoice languages = LanguageChoice.of(Optional.ofNullable(parameters.get("ui_locales")),
                Optional.ofNullable(parameters.get("lang")), languageCookie, acceptLanguage);
        Map<String, String> kept = new LinkedHashMap<>();
        repeated.forEach(name -> Optional.ofNullable(parameters.get(name)).ifPresent(value -> kept.put(name, value)));
        Optional<String> setCookie = languages.pickedNow()
                ? cookies.flatMap(named -> languages.picked().map(language -> named.language(language.tag())))
                : Optional.empty();
        return new PageRequest(languages, setCookie, path, kept);
    }

    /**
     * Records this as the request's page request; returns it. Its links are made relative to where
     * the request was answered (issue 16: the sign-in steps answer below /login).
     */
    public PageRequest recordIn(HttpServletRequest request) {
        PageRequest relative = relativeTo(request);
        request.setAttribute(ATTRIBUTE, relative);
        return relative;
    }

    /**
     * The same, its links relative to the request's own URL: a page answered at /login/otp climbs
     * back up to OID's top level ("../authorize", "../assets/oid.css") where one of /login does not.
     */
    public PageRequest relativeTo(HttpServletRequest request) {
        String answered = Objects.toString(request.getServletPath(), "") + Objects.toString(request.getPathInfo(), "");
        int depth = (int) answered.replaceFirst("^/+", "").chars().filter(c -> c == '/').count();
        return new PageRequest(languages, languageCookie, "../".repeat(depth) + path.replaceFirst("^(\\.\\./)+", ""), parameters);
    }

    /** The page request a browser endpoint recorded, if it got that far. */
    public static Optional<PageRequest> recorded(HttpServletRequest request) {
        return request == null ? Optional.empty() : Optional.ofNullable((PageRequest) request.getAttribute(ATTRIBUTE));
    }

    /** The same request, its page shown again by a GET with {@code shown} parameters. */
    public PageRequest repeating(Map<String, String> shown) {
        return new PageRequest(languages, languageCookie, path, shown);
    }

    public Language language(Optional<Language> tenantDefault) {
        return languages.resolve(tenantDefault);
    }

    public LanguageSwitch languageSwitch(Language shown) {
        return new LanguageSwitch(shown, path, parameters);
    }

    /** The Set-Cookie values a page answering this request carries. */
    public List<String> setCookies() {
        return languageCookie.map(List::of).orElse(List.of());
    }
}
