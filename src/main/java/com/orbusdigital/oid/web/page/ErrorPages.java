package com.orbusdigital.oid.web.page;

import com.orbusdigital.oid.web.BrowserCookies;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The one writer of error pages, whoever found the error: the page in the request's language, its switch, its headers. */
public final class ErrorPages {

    private ErrorPages() {}

    public static Response page(int status, Message title, Message message, PageRequest request, Optional<Language> tenantLanguage) {
        return page(status, title, message, request, tenantLanguage, PageBrand.NONE);
    }

    /** The same, in the look of a tenant the request was established to be in (issue 17, branding). */
    public static Response page(int status, Message title, Message message, PageRequest request, Optional<Language> tenantLanguage,
                                PageBrand look) {
        Language language = request.language(tenantLanguage);
        String html = Pages.SERVED.branded(look).error(title, message, request.languageSwitch(language));
        return HtmlResponse.page(status, html, request.setCookies());
    }

    /**
     * What the browser endpoint recorded about the request; when it did not get that far (a filter
     * refused it first), what its query and Accept-Language say. The language cookie is then left
     * unread: its name depends on the issuer, which this request is not asked for.
     */
    public static PageRequest pageRequest(HttpServletRequest request) {
        return pageRequest(request, Optional.empty());
    }

    /**
     * The same, reading the language cookie through {@code cookies} when the endpoint recorded
     * nothing. The query of a GET is the request's own (the switch repeats it); a POST's body is
     * left unread.
     */
    public static PageRequest pageRequest(HttpServletRequest request, Optional<BrowserCookies> cookies) {
        Optional<PageRequest> recorded = PageRequest.recorded(request);
        if (recorded.isPresent() || request == null) {
            return recorded.orElse(new PageRequest(LanguageChoice.NONE, Optional.empty(), "authorize", Map.of()));
        }
        Map<String, String> query = new LinkedHashMap<>();
        if ("GET".equals(request.getMethod())) {
            Collections.list(request.getParameterNames()).forEach(name -> query.put(name, request.getParameter(name)));
        }
        return PageRequest.of(endpoint(request), query, new ArrayList<>(query.keySet()), acceptLanguage(request), cookies,
                cookies.flatMap(named -> named.language(request.getCookies()))).relativeTo(request);
    }

    /**
     * The endpoint that shows a page of this request by GET: the first segment of its path
     * ({@code authorize}, {@code logout}), never anything longer the request could shape into
     * another link; {@code /login} takes only a POST, and the request it carries is /authorize's.
     */
    public static String endpoint(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String segment = path.replaceFirst("^/+", "").replaceFirst("/.*", "");
        return segment.equals("login") ? "authorize" : segment;
    }

    /** Every Accept-Language header, as one list. */
    static String acceptLanguage(HttpServletRequest request) {
        List<String> values = Collections.list(request.getHeaders("Accept-Language"));
        return values.isEmpty() ? null : String.join(",", values);
    }
}
