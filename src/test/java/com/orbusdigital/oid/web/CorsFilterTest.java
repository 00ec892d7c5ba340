package com.orbusdigital.oid.web;

import static com.orbusdigital.oid.web.ServletFakes.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.web.ServletFakes.Chain;
import com.orbusdigital.oid.web.ServletFakes.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OID's CORS filter as Tomcat's CorsFilter answered before it, with the settings of {@link Cors}. */
class CorsFilterTest {

    private static final String APP = "https://app.example.test";
    private static final String STRANGER = "https://evil.example.test";

    private final CorsFilter protocol = new CorsFilter(Cors.protocolPolicy(List.of(APP)));
    private final CorsFilter admin = new CorsFilter(Cors.adminPolicy(List.of(APP)));
    private final Chain chain = new Chain();

    private Response filter(CorsFilter filter, String method, String... headers) throws Exception {
        Response response = new Response();
        filter.doFilter(request(method, null, headers), response.servlet, chain);
        return response;
    }

    @Test
    void anAllowedPreflightIsAnsweredHereWithTheListsAndTheMaxAge() throws Exception {
        Response response = filter(protocol, "OPTIONS", "Origin", APP, "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "Authorization, content-type");

        assertThat(chain.reached).isFalse();
        assertThat(response.status).isEqualTo(200);
        assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(APP);
        assertThat(response.header("Access-Control-Allow-Methods")).isEqualTo("GET,HEAD,POST");
        assertThat(response.header("Access-Control-Allow-Headers")).isEqualTo("Authorization,Content-Type");
        assertThat(response.header("Access-Control-Max-Age")).isEqualTo("600");
        assertThat(response.header("Access-Control-Allow-Credentials")).isNull();
        assertThat(response.headers("Vary")).containsExactly("origin,access-control-request-method,access-control-request-headers");
    }

    @Test
    void aPreflightFromAnotherOriginForAnotherMethodOrHeaderOrWithoutAMethodIsRefused() throws Exception {
        List<Response> refused = List.of(
                filter(protocol, "OPTIONS", "Origin", STRANGER, "Access-Control-Request-Method", "POST"),
                filter(protocol, "OPTIONS", "Origin", APP, "Access-Control-Request-Method", "PUT"),
                filter(protocol, "OPTIONS", "Origin", APP, "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "dpop"),
                filter(protocol, "OPTIONS", "Origin", APP, "Access-Control-Request-Method", ""),
                filter(protocol, "OPTIONS", "Origin", "not an origin", "Access-Control-Request-Method", "POST"),
                // a plain OPTIONS from a listed origin: not a method a script may use
                filter(protocol, "OPTIONS", "Origin", APP));

        assertThat(chain.reached).isFalse();
        assertThat(refused).allSatisfy(response -> {
            assertThat(response.status).isEqualTo(403);
            assertThat(response.hasCorsHeaders()).isFalse();
        });
    }

    @Test
    void aRequestFromAnAllowedOriginIsPassedOnWithTheOriginAndTheExposedHeaders() throws Exception {
        Response response = filter(protocol, "POST", "Origin", APP);

        assertThat(chain.reached).isTrue();
        assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(APP);
        assertThat(response.header("Access-Control-Expose-Headers"))
                .isEqualTo("WWW-Authenticate,Retry-After,RateLimit,RateLimit-Policy,RateLimit-Limit,RateLimit-Remaining,RateLimit-Reset");
        assertThat(response.header("Access-Control-Allow-Credentials")).isNull();
        assertThat(response.header("Access-Control-Max-Age")).isNull();
        assertThat(response.headers("Vary")).containsExactly("origin");
    }

    @Test
    void anotherOriginNullOrAnInvalidOriginIsServedWithoutCorsHeadersButVaryOrigin() throws Exception {
        for (String origin : List.of(STRANGER, "null", "", "%0d%0a", "not an origin")) {
            Chain passed = new Chain();
            Response response = new Response();
            protocol.doFilter(request("GET", null, "Origin", origin), response.servlet, passed);

            assertThat(passed.reached).as(origin).isTrue();
            assertThat(response.status).as(origin).isEqualTo(200);
            assertThat(response.hasCorsHeaders()).as(origin).isFalse();
            assertThat(response.headers("Vary")).as(origin).containsExactly("origin");
        }
    }

    @Test
    void aRequestWithoutOriginOrFromOidsOwnOriginIsNoCorsRequest() throws Exception {
        for (String[] headers : List.of(new String[0], new String[] {"Origin", "http://oid.example.test"},
                new String[] {"Origin", "http://oid.example.test:80"})) {
            Response response = filter(protocol, "POST", headers);

            assertThat(response.hasCorsHeaders()).isFalse();
            assertThat(response.headers("Vary")).containsExactly("origin");
        }
        assertThat(chain.reached).isTrue();
    }

    @Test
    void aListedOriginUsingAMethodOutsideTheListIsRefused() throws Exception {
        Response response = filter(protocol, "DELETE", "Origin", APP);

        assertThat(chain.reached).isFalse();
        assertThat(response.status).isEqualTo(403);
    }

    @Test
    void theAdminApiHasItsOwnMethodsAndExposesLocation() throws Exception {
        Response preflight = filter(admin, "OPTIONS", "Origin", APP, "Access-Control-Request-Method", "PATCH");
        Response created = filter(admin, "POST", "Origin", APP);

        assertThat(preflight.header("Access-Control-Allow-Methods")).isEqualTo("GET,HEAD,POST,PUT,PATCH,DELETE");
        assertThat(created.header("Access-Control-Expose-Headers")).isEqualTo("Location,WWW-Authenticate,Retry-After");
    }

    @Test
    void everyOriginAllowedAnswersStarAndDoesNotVary() throws Exception {
        CorsFilter open = new CorsFilter(Cors.protocolPolicy(List.of("*")));
        Response response = new Response();
        open.doFilter(request("GET", null, "Origin", STRANGER), response.servlet, chain);

        assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(response.headers("Vary")).isEmpty();
    }

    @Test
    void varyKeepsTheFieldsAlreadyThereOnceEachAndStarAlone() {
        Response response = new Response();
        response.servlet.addHeader("Vary", "Accept-Language");
        CorsFilter.addVary(response.servlet, "Origin");
        CorsFilter.addVary(response.servlet, "origin");
        Response star = new Response();
        star.servlet.addHeader("Vary", "*");
        CorsFilter.addVary(star.servlet, "Origin");

        assertThat(response.headers("Vary")).containsExactly("accept-language,origin");
        assertThat(star.headers("Vary")).containsExactly("*");
    }
}
