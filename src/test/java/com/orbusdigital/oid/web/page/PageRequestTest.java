package com.orbusdigital.oid.web.page;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A page's links are relative to the URL it was answered at: the sign-in steps (issue 16) answer
 * below /login, whose pages must climb back up to the stylesheet and to /authorize.
 */
class PageRequestTest {

    private static final PageRequest AUTHORIZE = PageRequest.of("authorize", Map.of("client_id", "portal"), List.of("client_id"),
            null, Optional.empty(), Optional.empty());

    @Test
    void aPageAnsweredAtTheTopLevelLinksToTheTopLevel() {
        assertThat(AUTHORIZE.recordIn(request("", "/login")).path()).isEqualTo("authorize");
        assertThat(AUTHORIZE.recordIn(request("", "/authorize")).path()).isEqualTo("authorize");
    }

    @Test
    void aPageAnsweredOneLevelDownClimbsBackUpOnceHoweverOftenItIsRecorded() {
        HttpServletRequest otp = request("", "/login/otp");

        PageRequest recorded = AUTHORIZE.recordIn(otp);

        assertThat(recorded.path()).isEqualTo("../authorize");
        assertThat(recorded.recordIn(otp).path()).isEqualTo("../authorize");
        assertThat(PageRequest.recorded(otp)).contains(recorded);
        LanguageSwitch languages = recorded.languageSwitch(Language.ENGLISH);
        assertThat(languages.links().get(0).href()).startsWith("../authorize?client_id=portal&lang=");
        assertThat(new Pages("assets/oid.css").error(Message.of("unavailable.title"), Message.of("unavailable.text"), languages))
                .contains("<link rel=\"stylesheet\" href=\"../assets/oid.css\">");
    }

    @Test
    void anAbsoluteStylesheetStaysAsItIs() {
        LanguageSwitch below = AUTHORIZE.recordIn(request("", "/login/otp")).languageSwitch(Language.ENGLISH);

        assertThat(new Pages("/ctx/assets/oid.css").error(Message.of("unavailable.title"), Message.of("unavailable.text"), below))
                .contains("href=\"/ctx/assets/oid.css\"");
        assertThat(new Pages("assets/oid.css").error(Message.of("unavailable.title"), Message.of("unavailable.text"),
                AUTHORIZE.recordIn(request("", "/login")).languageSwitch(Language.ENGLISH))).contains("href=\"assets/oid.css\"");
    }

    /** Just enough of a servlet request: where it was answered, and its attributes. */
    private static HttpServletRequest request(String servletPath, String pathInfo) {
        Map<String, Object> attributes = new HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(PageRequestTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, method, arguments) -> switch (method.getName()) {
                    case "getServletPath" -> servletPath;
                    case "getPathInfo" -> pathInfo;
                    case "setAttribute" -> attributes.put((String) arguments[0], arguments[1]);
                    case "getAttribute" -> attributes.get((String) arguments[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
