package com.orbusdigital.oid.account;

import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.oauth.authorize.AuthorizationFlow;
import com.orbusdigital.oid.protocol.OAuthException;
import com.orbusdigital.oid.web.BrowserCookies;
import com.orbusdigital.oid.web.page.PageRequest;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the pages an emailed link opens share (issue 17: the forgotten password's new password, an
 * invitation, self sign-up, an address's verification): their form read leniently — a malformed one
 * is a page, never an error of the protocol's kind (their query: AccountPages.query) — and the page
 * request that keeps the link's token and language.
 */
final class LinkPages {

    private LinkPages() {}

    /** The page's language and links: the link's {@code token}, {@code lang}, {@code ui_locales}; the token repeated by the language switch. */
    static PageRequest pageRequest(String path, FormParameters parameters, HttpHeaders headers, BrowserCookies cookies) {
        Map<String, String> read = new LinkedHashMap<>();
        for (String name : List.of("token", "lang", "ui_locales")) {
            parameters.optional(name).ifPresent(value -> read.put(name, value));
        }
        return PageRequest.of(path, read, List.of("token"), headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE), Optional.of(cookies),
                headers.getCookies());
    }

    /** A page reached with the carried authorization request (the forgotten password's, self sign-up's): its language switch repeats it. */
    static PageRequest carriedPageRequest(String path, FormParameters parameters, Map<String, String> carried, HttpHeaders headers,
                                          BrowserCookies cookies) {
        Map<String, String> read = new LinkedHashMap<>(carried);
        parameters.optional("lang").ifPresent(value -> read.put("lang", value));
        List<String> repeated = AuthorizationFlow.CARRIED.stream().filter(name -> !name.equals("ui_locales")).toList();
        return PageRequest.of(path, read, repeated, headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE), Optional.of(cookies),
                headers.getCookies());
    }

    /** The posted form; empty when it cannot be read (the page then says the link cannot be used). */
    static Optional<FormParameters> form(String contentType, InputStream body) {
        try {
            return Optional.of(FormParameters.read(contentType, body));
        } catch (OAuthException malformed) {
            return Optional.empty();
        }
    }
}
