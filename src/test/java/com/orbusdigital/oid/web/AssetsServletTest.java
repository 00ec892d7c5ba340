package com.orbusdigital.oid.web;

import static com.orbusdigital.oid.web.ServletFakes.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.web.ServletFakes.Response;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stylesheet from the WAR's /assets/, read here from src/main/webapp as a container would. */
class AssetsServletTest {

    private static final Path WEBAPP = Path.of("src/main/webapp");

    private final AssetsServlet servlet = new AssetsServlet();
    private final List<String> looked = new java.util.ArrayList<>();

    @BeforeEach
    void init() throws Exception {
        ServletContext context = (ServletContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServletContext.class},
                (proxy, called, args) -> {
                    if (!called.getName().equals("getResource")) {
                        throw new UnsupportedOperationException(called.getName());
                    }
                    String path = (String) args[0];
                    looked.add(path);
                    Path file = WEBAPP.resolve(path.substring(1));
                    return Files.isRegularFile(file) ? file.toUri().toURL() : (URL) null;
                });
        servlet.init((ServletConfig) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServletConfig.class},
                (proxy, called, args) -> switch (called.getName()) {
                    case "getServletContext" -> context;
                    case "getServletName" -> "oid-assets";
                    case "getInitParameterNames" -> Collections.emptyEnumeration();
                    case "getInitParameter" -> null;
                    default -> throw new UnsupportedOperationException(called.getName());
                }));
    }

    private Response serve(String method, String pathInfo, String... headers) throws Exception {
        Response response = new Response();
        servlet.service(request(method, pathInfo, headers), response.servlet);
        return response;
    }

    @Test
    void theStylesheetIsServedWithItsTypeAStrongEtagAndLastModified() throws Exception {
        byte[] css = Files.readAllBytes(WEBAPP.resolve("assets/oid.css"));

        Response response = serve("GET", "/oid.css");

        assertThat(response.status).isEqualTo(200);
        assertThat(response.contentType).isEqualTo("text/css; charset=utf-8");
        assertThat(response.contentLength).isEqualTo(css.length);
        assertThat(response.body.toByteArray()).isEqualTo(css);
        assertThat(response.header("ETag")).matches("\"[A-Za-z0-9_-]{43}\"");
        assertThat(response.header("Last-Modified")).endsWith(" GMT");
        assertThat(response.header("Cache-Control")).isNull();
        assertThat(serve("GET", "/oid.css").header("ETag")).isEqualTo(response.header("ETag"));
    }

    @Test
    void aHeadRequestGetsTheHeadersWithoutTheBody() throws Exception {
        Response response = serve("HEAD", "/oid.css");

        assertThat(response.status).isEqualTo(200);
        assertThat(response.contentType).isEqualTo("text/css; charset=utf-8");
        assertThat(response.contentLength).isPositive();
        assertThat(response.header("ETag")).isNotNull();
        assertThat(response.body.size()).isZero();
    }

    @Test
    void aBrowserThatHasTheFileGets304ByEtagOrDate() throws Exception {
        Response first = serve("GET", "/oid.css");
        String etag = first.header("ETag");
        String lastModified = first.header("Last-Modified");

        for (Response response : List.of(serve("GET", "/oid.css", "If-None-Match", etag),
                serve("GET", "/oid.css", "If-None-Match", "\"other\", W/" + etag),
                serve("GET", "/oid.css", "If-None-Match", "*"),
                serve("GET", "/oid.css", "If-Modified-Since", lastModified),
                serve("HEAD", "/oid.css", "If-None-Match", etag))) {
            assertThat(response.status).isEqualTo(304);
            assertThat(response.header("ETag")).isEqualTo(etag);
            assertThat(response.body.size()).isZero();
        }
    }

    @Test
    void aChangedFileOrAnOlderDateIsServedAgain() throws Exception {
        String lastModified = serve("GET", "/oid.css").header("Last-Modified");

        // If-None-Match decides over If-Modified-Since when both are sent
        assertThat(serve("GET", "/oid.css", "If-None-Match", "\"other\"", "If-Modified-Since", lastModified).status).isEqualTo(200);
        assertThat(serve("GET", "/oid.css", "If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT").status).isEqualTo(200);
        assertThat(serve("GET", "/oid.css", "If-Modified-Since", "yesterday").status).isEqualTo(200);
    }

    @Test
    void anythingButAFileDirectlyUnderAssetsIsNotFoundAndNeverLeavesTheDirectory() throws Exception {
        for (String pathInfo : new String[] {"/nothing.css", "/", "", "/../WEB-INF/web.xml", "/..", "/a/../oid.css",
                "/../assets/oid.css", "/.hidden.css", "/oid.css/", "/oid.css%2f", "/oid.css\u0000", "/oid", "/oid.CSS.exe"}) {
            assertThat(serve("GET", pathInfo).status).as(pathInfo).isEqualTo(404);
        }
        assertThat(serve("GET", null).status).isEqualTo(404);
        // the container was asked for nothing outside /assets/, and for no path with a slash or ".." in the name
        assertThat(looked).allMatch(path -> path.startsWith("/assets/") && !path.substring(8).contains("/") && !path.contains(".."));
    }

    @Test
    void traceIsRefused() throws Exception {
        assertThat(serve("TRACE", "/oid.css").status).isEqualTo(405);
    }
}
