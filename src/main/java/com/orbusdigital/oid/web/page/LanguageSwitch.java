package com.orbusdigital.oid.web.page;

import com.orbusdigital.oid.web.UrlQuery;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The language a page is shown in, and its switch: one link per language asking for the same page
 * again with {@code lang} — the same endpoint, relative to the page (every page is answered at the
 * webapp's top level), with the parameters that show it again. Links, not a form: they need no
 * {@code form-action}, no script and no CSRF token, and the parameters they repeat are those of
 * the page's GET form, which never hold a password or a CSRF token.
 *
 * @param path       the endpoint answering a GET with this page ({@code authorize}, {@code logout})
 * @param parameters what that GET needs to show this page again, in order
 */
public record LanguageSwitch(Language shown, String path, Map<String, String> parameters) {

    /** Parameters a switch never repeats: {@code ui_locales} would win over the user's pick, and {@code lang} is its own. */
    static final List<String> LEFT_OUT = List.of("ui_locales", "lang");

    public LanguageSwitch {
        Objects.requireNonNull(shown, "shown");
        Objects.requireNonNull(path, "path");
        Map<String, String> kept = new LinkedHashMap<>(parameters);
        LEFT_OUT.forEach(kept::remove);
        parameters = Collections.unmodifiableMap(kept);
    }

    /** One link of the switch; {@code current} for the language shown. */
    public record Link(Language language, String href, boolean current) {}

    public List<Link> links() {
        return Arrays.stream(Language.values()).map(language -> new Link(language, href(language), language == shown)).toList();
    }

    /** How the page's relative links reach OID's top level: "", or "../" for a page answered one level down. */
    String toTop() {
        return path.replaceFirst("^((?:\\.\\./)*).*$", "$1");
    }

    String href(Language language) {
        UrlQuery query = UrlQuery.on(path);
        parameters.forEach(query::add);
        return query.add("lang", language.tag()).toString();
    }
}
