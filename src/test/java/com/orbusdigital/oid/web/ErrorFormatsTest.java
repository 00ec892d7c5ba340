package com.orbusdigital.oid.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.orbusdigital.oid.health.HealthResource;
import com.orbusdigital.oid.key.SigningKeys;
import com.orbusdigital.oid.oauth.authorize.AuthorizationResource;
import com.orbusdigital.oid.oauth.authorize.LoginResource;
import com.orbusdigital.oid.oauth.jwks.JwksResource;
import com.orbusdigital.oid.oauth.logout.LogoutResource;
import com.orbusdigital.oid.oauth.token.TokenResource;
import com.orbusdigital.oid.protocol.OAuthException;
import com.orbusdigital.oid.tenant.TenantAdminResource;
import com.orbusdigital.oid.web.OAuthExceptionMapper.ErrorBody;
import com.orbusdigital.oid.web.page.LanguageChoice;
import com.orbusdigital.oid.web.page.Language;
import com.orbusdigital.oid.web.page.PageRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The format of an error follows the kind the matched resource declares, never the path. */
class ErrorFormatsTest {

    @Test
    void theKindIsDeclaredByTheResource() {
        assertThat(EndpointKind.of(resource(AuthorizationResource.class))).isEqualTo(EndpointKind.BROWSER);
        assertThat(EndpointKind.of(resource(LoginResource.class))).isEqualTo(EndpointKind.BROWSER);
        assertThat(EndpointKind.of(resource(LogoutResource.class))).isEqualTo(EndpointKind.BROWSER);
        assertThat(EndpointKind.of(resource(TokenResource.class))).isEqualTo(EndpointKind.PROTOCOL);
        assertThat(EndpointKind.of(resource(JwksResource.class))).isEqualTo(EndpointKind.PROTOCOL);
        assertThat(EndpointKind.of(resource(TenantAdminResource.class))).isEqualTo(EndpointKind.ADMIN);
        assertThat(EndpointKind.of(resource(HealthResource.class))).isEqualTo(EndpointKind.OTHER);
        assertThat(EndpointKind.of(resource(null))).isEqualTo(EndpointKind.UNMATCHED);
        assertThat(EndpointKind.of(null)).isEqualTo(EndpointKind.UNMATCHED);
    }

    @Test
    void signingKeysNotLoadedAreANeutralUnavailable() {
        Unavailable unavailable = catchThrowableOfType(Unavailable.class, () -> new SigningKeys() {}.ring());

        assertThat(unavailable).hasMessage("signing keys are not loaded yet: the database has not been reached");
        assertThat(unavailable).isNotInstanceOf(OAuthException.class);
    }

    @Test
    void unavailableSigningKeysAnswerEachKindIn503OfItsOwnFormat() {
        Unavailable unavailable = catchThrowableOfType(Unavailable.class, () -> new SigningKeys() {}.ring());

        Response protocol = unexpected(TokenResource.class, null).toResponse(unavailable);
        assertThat(protocol.getStatus()).isEqualTo(503);
        assertThat(protocol.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat((ErrorBody) protocol.getEntity()).isEqualTo(new ErrorBody("temporarily_unavailable",
                "signing keys are not loaded yet: the database has not been reached"));

        Response admin = unexpected(TenantAdminResource.class, null).toResponse(unavailable);
        assertThat(admin.getStatus()).isEqualTo(503);
        assertThat(admin.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(admin.getMediaType()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(((Problem) admin.getEntity()).detail()).isEqualTo("signing keys are not loaded yet: the database has not been reached");

        Response browser = unexpected(AuthorizationResource.class, servletRequest(Language.ENGLISH)).toResponse(unavailable);
        assertThat(browser.getStatus()).isEqualTo(503);
        assertThat(browser.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(browser.getMediaType().toString()).startsWith("text/html");
        assertThat((String) browser.getEntity()).contains("<h1>Sign-in is briefly unavailable</h1>", "Please try again in a few seconds.");

        Response french = unexpected(LoginResource.class, servletRequest(Language.FRENCH)).toResponse(unavailable);
        assertThat((String) french.getEntity()).contains("<html lang=\"fr\">", "<h1>La connexion est brièvement indisponible</h1>",
                "Veuillez réessayer dans quelques secondes.");
    }

    @Test
    void anUnexpectedFailureIsAnOpaque500OfTheKindsFormat() {
        Response browser = unexpected(LogoutResource.class, servletRequest(Language.FRENCH)).toResponse(new IllegalStateException("inside"));

        assertThat(browser.getStatus()).isEqualTo(500);
        assertThat((String) browser.getEntity()).contains("<h1>Une erreur s’est produite</h1>", "Une erreur inattendue s’est produite (référence ")
                .doesNotContain("inside").doesNotContain("IllegalStateException");
        Response admin = unexpected(TenantAdminResource.class, null).toResponse(new IllegalStateException("inside"));
        assertThat(admin.getStatus()).isEqualTo(500);
        assertThat(admin.getMediaType()).isEqualTo(Problem.MEDIA_TYPE);
    }

    @Test
    void anOAuthErrorIsJsonToAClientAProblemToAnAdminToolAndAPageToABrowser() {
        OAuthException twoHeaders = OAuthException.invalidRequest("send one Authorization header, not 2");

        Response protocol = oauth(TokenResource.class, null).toResponse(twoHeaders);
        assertThat(protocol.getStatus()).isEqualTo(400);
        assertThat((ErrorBody) protocol.getEntity()).isEqualTo(new ErrorBody("invalid_request", "send one Authorization header, not 2"));

        Response unmatched = oauth(null, null).toResponse(twoHeaders);
        assertThat(unmatched.getEntity()).isInstanceOf(ErrorBody.class);

        Response admin = oauth(TenantAdminResource.class, null).toResponse(twoHeaders);
        assertThat(admin.getStatus()).isEqualTo(400);
        assertThat(admin.getMediaType()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(((Problem) admin.getEntity()).detail()).contains("Authorization");

        Response browser = oauth(AuthorizationResource.class, servletRequest(Language.ENGLISH)).toResponse(twoHeaders);
        assertThat(browser.getStatus()).isEqualTo(400);
        assertThat(browser.getMediaType().toString()).startsWith("text/html");
        assertThat((String) browser.getEntity()).contains("The request is malformed: send one Authorization header, not 2.");
    }

    private static UnexpectedExceptionMapper unexpected(Class<?> resource, HttpServletRequest request) {
        return inject(new UnexpectedExceptionMapper(), resource, request);
    }

    private static OAuthExceptionMapper oauth(Class<?> resource, HttpServletRequest request) {
        return inject(new OAuthExceptionMapper(), resource, request);
    }

    /** What Jersey does: the matched resource and the request into the mapper's @Context fields. */
    private static <T> T inject(T mapper, Class<?> resource, HttpServletRequest request) {
        try {
            for (Field field : mapper.getClass().getDeclaredFields()) {
                if (field.getType() == ResourceInfo.class) {
                    field.setAccessible(true);
                    field.set(mapper, resource(resource));
                } else if (field.getType() == HttpServletRequest.class) {
                    field.setAccessible(true);
                    field.set(mapper, request);
                }
            }
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
        return mapper;
    }

    private static ResourceInfo resource(Class<?> type) {
        return new ResourceInfo() {
            @Override
            public Method getResourceMethod() {
                return null;
            }

            @Override
            public Class<?> getResourceClass() {
                return type;
            }
        };
    }

    /** A request whose browser endpoint recorded the language it chose. */
    private static HttpServletRequest servletRequest(Language language) {
        PageRequest page = new PageRequest(new LanguageChoice(Optional.of(language), Optional.empty(), false, Optional.empty()),
                Optional.empty(), "authorize", Map.of());
        return (HttpServletRequest) Proxy.newProxyInstance(ErrorFormatsTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, method, arguments) -> switch (method.getName()) {
                    case "getAttribute" -> PageRequest.ATTRIBUTE.equals(arguments[0]) ? page : null;
                    case "getMethod" -> "GET";
                    case "getHeaders", "getParameterNames" -> Collections.emptyEnumeration();
                    default -> null;
                });
    }
}
