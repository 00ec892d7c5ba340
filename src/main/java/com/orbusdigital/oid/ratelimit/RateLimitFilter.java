package com.orbusdigital.oid.ratelimit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.config.Secret;
import com.orbusdigital.oid.metrics.HttpMetricsFilter;
import com.orbusdigital.oid.persistence.Database;
import com.orbusdigital.oid.persistence.DatabaseStartup;
import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.web.BrowserCookies;
import com.orbusdigital.oid.web.NoStore;
import com.orbusdigital.oid.web.OAuthExceptionMapper.ErrorBody;
import com.orbusdigital.oid.web.page.ErrorPages;
import com.orbusdigital.oid.web.page.HtmlResponse;
import com.orbusdigital.oid.web.page.Message;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-IP limit on the authentication endpoints: RATE_LIMIT_PER_MINUTE requests a minute per
 * client address ({@link ClientAddress}), counted by a {@link RateLimiter} in this replica's memory
 * or in PostgreSQL (OID_RATE_LIMIT_STORE). Over it, 429 with Retry-After, as OAuth error JSON on
 * the protocol endpoints and as a page where a browser is on the other end. Discovery, JWKS,
 * health, the admin API and the stylesheet are not limited: they are cheap, cacheable, or already
 * need a token.
 *
 * <p>Every limited response carries the RateLimit header fields of
 * draft-ietf-httpapi-ratelimit-headers-06 (RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset
 * in seconds, RateLimit-Policy "limit;w=60"): the last draft with one field per value, the form
 * most client libraries and gateways read (draft-07 and later fold them into RateLimit).
 *
 * <p>CORS preflights (OPTIONS) are not counted, so a browser application's token request costs
 * one request, not two. {@code X-E2E-Bypass: <E2E_BYPASS_TOKEN>} skips the limit when that token
 * is set (never in production); the header is compared in constant time and never logged.
 */
public final class RateLimitFilter implements Filter {

    static final String BYPASS_HEADER = "X-E2E-Bypass";
    static final String FORWARDED_FOR = "X-Forwarded-For";

    /** Limited path → whether a person's browser is the caller (and gets a page rather than JSON). */
    static final Map<String, Boolean> LIMITED_PATHS = Map.of(
            "/token", false,
            "/userinfo", false,
            "/introspect", false,
            "/revoke", false,
            "/authorize", true,
            "/login", true,
            "/logout", true,
            "/account", true);

    private static final Logger LOG = LoggerFactory.getLogger(RateLimitFilter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RateLimiter limiter;
    private final ClientAddress clientAddress;
    private final Optional<Secret> bypassToken;
    private final BrowserCookies cookies;
    private final AtomicBoolean untrustedForwardingReported = new AtomicBoolean();

    public RateLimitFilter(RateLimiter limiter, ClientAddress clientAddress, Optional<Secret> bypassToken, BrowserCookies cookies) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.clientAddress = Objects.requireNonNull(clientAddress, "clientAddress");
        this.bypassToken = Objects.requireNonNull(bypassToken, "bypassToken");
        this.cookies = Objects.requireNonNull(cookies, "cookies");
    }

    /**
     * Puts the filter in front of the limited endpoints. Mapped after any filter declared in
     * web.xml, so filters that decorate every answer (security headers, CORS) decorate a 429 too.
     */
    public static void register(ServletContext context, OidConfig config) {
        RateLimiter limiter = switch (config.rateLimitStore()) {
            case MEMORY -> new InMemoryRateLimiter(config.rateLimitPerMinute());
            case POSTGRES -> new PostgresRateLimiter(CDI.current().select(Database.class).get(),
                    CDI.current().select(DatabaseStartup.class).get(), config);
        };
        RateLimitFilter filter = new RateLimitFilter(limiter, new ClientAddress(config.trustedProxies()), config.e2eBypassToken(),
                new BrowserCookies(config.issuer()));
        FilterRegistration.Dynamic registration = context.addFilter("oid-rate-limit", filter);
        registration.setAsyncSupported(true);
        // "/token/*" also matches "/token" itself (Servlet 6.0 §12.2)
        registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true,
                LIMITED_PATHS.keySet().stream().map(path -> path + "/*").toArray(String[]::new));
        LOG.info("Rate limit: {} requests a minute per client address on {}, counted {}; trusted proxies: {}",
                config.rateLimitPerMinute(), LIMITED_PATHS.keySet().stream().sorted().toList(),
                config.rateLimitStore() == OidConfig.RateLimitStore.POSTGRES ? "in PostgreSQL for every replica" : "by this replica alone",
                config.trustedProxies());
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if ("OPTIONS".equals(request.getMethod()) || bypassed(request)) {
            chain.doFilter(request, response);
            return;
        }
        List<String> forwardedFor = Collections.list(request.getHeaders(FORWARDED_FOR));
        Optional<InetAddress> client = clientAddress.resolve(request.getRemoteAddr(), forwardedFor);
        if (!forwardedFor.isEmpty() && !clientAddress.isTrustedProxy(request.getRemoteAddr())
                && client.filter(RateLimitFilter::isPrivate).isPresent()) { // the client is the peer here
            reportUntrustedForwarding(request.getRemoteAddr());
        }
        RateLimiter.Decision decision = limiter.tryAcquire(ClientAddress.bucketKey(client));
        response.setHeader("RateLimit-Limit", Long.toString(decision.limit()));
        response.setHeader("RateLimit-Remaining", Long.toString(decision.remaining()));
        response.setHeader("RateLimit-Reset", Long.toString(decision.resetSeconds()));
        response.setHeader("RateLimit-Policy", decision.limit() + ";w=" + RateLimiter.WINDOW.toSeconds());
        if (decision.allowed()) {
            chain.doFilter(request, response);
            return;
        }
        LOG.debug("Rate limit: refused {} {} from {}", request.getMethod(), path(request), ClientAddress.bucketKey(client));
        request.setAttribute(HttpMetricsFilter.RATE_LIMITED, Boolean.TRUE);
        refuse(request, response, decision.retryAfterSeconds());
    }

    private boolean bypassed(HttpServletRequest request) {
        if (bypassToken.isEmpty()) {
            return false;
        }
        String presented = request.getHeader(BYPASS_HEADER);
        return presented != null && bypassToken.get().matches(presented);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, long retryAfter) throws IOException {
        String wait = retryAfter + (retryAfter == 1 ? " second" : " seconds");
        Response answer = isBrowserPath(path(request))
                ? ErrorPages.page(429, Message.of("too_many.title"), Message.of("too_many.text", retryAfter),
                        ErrorPages.pageRequest(request, Optional.of(cookies)),
                        Optional.empty())
                : NoStore.apply(Response.status(429).type(MediaType.APPLICATION_JSON_TYPE).entity(json(new ErrorBody(
                        OAuthError.TEMPORARILY_UNAVAILABLE.code(), "too many requests from this address; retry after " + wait))))
                        .build();
        response.setHeader("Retry-After", Long.toString(retryAfter));
        send(answer, response);
    }

    /**
     * Writes a JAX-RS response through the servlet API: the filter runs outside JAX-RS, and this
     * way the page carries exactly the headers {@link HtmlResponse} gives every page.
     */
    private static void send(Response answer, HttpServletResponse response) throws IOException {
        response.setStatus(answer.getStatus());
        answer.getStringHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        byte[] body = ((String) answer.getEntity()).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /**
     * Once per start: X-Forwarded-For from a peer on a private network that OID does not trust is
     * what a reverse proxy missing from OID_TRUSTED_PROXIES looks like (all its clients then share
     * one limit). Public peers sending the header are clients (or clients a RemoteIpValve already
     * found), not worth a warning.
     */
    private void reportUntrustedForwarding(String peer) {
        if (untrustedForwardingReported.compareAndSet(false, true)) {
            LOG.warn("Rate limit: a request from {} carried X-Forwarded-For, but {} is not in OID_TRUSTED_PROXIES, so the "
                    + "header was ignored; if {} is your reverse proxy, add it to OID_TRUSTED_PROXIES, or all its clients "
                    + "share one limit", peer, peer, peer);
        }
    }

    /** Loopback, link-local, RFC 1918, carrier-grade NAT (100.64.0.0/10) or IPv6 unique local (fc00::/7). */
    private static boolean isPrivate(InetAddress address) {
        byte[] bytes = address.getAddress();
        return address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || (bytes.length == 4 && bytes[0] == 100 && (bytes[1] & 0xC0) == 64)
                || (bytes.length == 16 && (bytes[0] & 0xFE) == 0xFC);
    }

    private static boolean isBrowserPath(String path) {
        return LIMITED_PATHS.entrySet().stream()
                .anyMatch(limited -> limited.getValue() && (path.equals(limited.getKey()) || path.startsWith(limited.getKey() + "/")));
    }

    /** The path inside the webapp (Jersey is mapped to /*, so it is all path info). */
    private static String path(HttpServletRequest request) {
        return request.getServletPath() + Objects.toString(request.getPathInfo(), "");
    }

    private static String json(ErrorBody body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
