package com.orbusdigital.oid.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages' static files (the stylesheet, the passkey script) from the WAR's /assets/ directory, the same on every
 * servlet container: a container's own static-file servlet goes by a different name, or none, on
 * each. A file's bytes, strong ETag (a digest of them) and Last-Modified are read once; a browser
 * revalidates with If-None-Match or If-Modified-Since and gets 304. Only a plain file name directly
 * under /assets/ is served: no directory listing, no path with "..", a slash or a leading dot.
 */
public class AssetsServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(AssetsServlet.class);
    private static final String DIRECTORY = "/assets/";
    /** A file name: letters, digits, '-', '_', dots between them; nothing that could leave the directory. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    private static final Map<String, String> TYPES = Map.of(
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "woff2", "font/woff2");

    /** What was found; a name that was not is looked up again, so unknown names never fill this map. */
    private final ConcurrentMap<String, Asset> assets = new ConcurrentHashMap<>();

    /** A file as served: bytes, type, validators. */
    record Asset(byte[] bytes, String contentType, String etag, long lastModifiedMillis) {

        static Asset of(byte[] bytes, String contentType, long lastModifiedMillis) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
                String etag = '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + '"';
                // HTTP dates have whole seconds: rounded down, If-Modified-Since compares equal
                return new Asset(bytes, contentType, etag, lastModifiedMillis / 1000 * 1000);
            } catch (NoSuchAlgorithmException impossible) {
                throw new IllegalStateException("every Java has SHA-256", impossible);
            }
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, true);
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, false);
    }

    /** Tomcat refuses TRACE before any servlet; other containers may pass it on, and HttpServlet would echo the request. */
    @Override
    protected void doTrace(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, boolean withBody) throws IOException {
        Optional<Asset> found = find(request.getPathInfo());
        if (found.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        Asset asset = found.get();
        response.setHeader("ETag", asset.etag());
        response.setDateHeader("Last-Modified", asset.lastModifiedMillis());
        if (notModified(request, asset)) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(asset.contentType());
        response.setContentLength(asset.bytes().length);
        if (withBody) {
            try {
                response.getOutputStream().write(asset.bytes());
            } catch (IOException hungUp) {
                // the client left: nobody to answer, nothing worth more than a debug line (see ClientAbortInterceptor)
                LOG.debug("The client closed the connection before the answer was complete ({})", hungUp.getMessage());
            }
        }
    }

    /** If-None-Match decides when present (RFC 9110 §13.2.2); else If-Modified-Since. */
    static boolean notModified(HttpServletRequest request, Asset asset) {
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (ifNoneMatch != null) {
            for (String tag : ifNoneMatch.split(",")) {
                String candidate = tag.strip();
                // weak comparison, as If-None-Match has it
                if (candidate.equals("*") || candidate.equals(asset.etag()) || candidate.equals("W/" + asset.etag())) {
                    return true;
                }
            }
            return false;
        }
        try {
            long ifModifiedSince = request.getDateHeader("If-Modified-Since");
            return ifModifiedSince != -1 && asset.lastModifiedMillis() <= ifModifiedSince;
        } catch (IllegalArgumentException notADate) {
            return false;
        }
    }

    private Optional<Asset> find(String pathInfo) {
        if (pathInfo == null || !pathInfo.startsWith("/") || !NAME.matcher(pathInfo.substring(1)).matches()) {
            return Optional.empty();
        }
        String name = pathInfo.substring(1);
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        if (type == null) {
            return Optional.empty();
        }
        Asset known = assets.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        return load(name, type).map(asset -> {
            assets.putIfAbsent(name, asset);
            return asset;
        });
    }

    private Optional<Asset> load(String name, String type) {
        try {
            URL url = getServletContext().getResource(DIRECTORY + name);
            if (url == null) {
                return Optional.empty();
            }
            URLConnection connection = url.openConnection();
            connection.setUseCaches(false);
            try (InputStream in = connection.getInputStream()) {
                long lastModified = connection.getLastModified();
                // a server that cannot tell (some read the WAR in place): since this file was first served
                return Optional.of(Asset.of(in.readAllBytes(), type, lastModified > 0 ? lastModified : Instant.now().toEpochMilli()));
            }
        } catch (IOException unreadable) {
            throw new UncheckedIOException("could not read " + DIRECTORY + name + " from the WAR", unreadable);
        }
    }
}
