package com.orbusdigital.oid.protocol;

/** The OAuth 2.0 error codes OID answers with, and the HTTP status each carries on the token endpoint. */
public enum OAuthError {
    INVALID_REQUEST("invalid_request", 400),
    INVALID_CLIENT("invalid_client", 401),
    INVALID_GRANT("invalid_grant", 400),
    UNAUTHORIZED_CLIENT("unauthorized_client", 400),
    UNSUPPORTED_GRANT_TYPE("unsupported_grant_type", 400),
    INVALID_SCOPE("invalid_scope", 400),
    /** RFC 6749 §4.1.2.1, at the authorization endpoint. */
    UNSUPPORTED_RESPONSE_TYPE("unsupported_response_type", 400),
    /** OIDC Core §3.1.2.6. */
    REQUEST_NOT_SUPPORTED("request_not_supported", 400),
    REQUEST_URI_NOT_SUPPORTED("request_uri_not_supported", 400),
    /** OIDC Core §3.1.2.6: prompt=none and no (suitable) sign-in session. */
    LOGIN_REQUIRED("login_required", 400),
    /** OIDC Core §3.1.2.6: consent is needed and cannot be asked for. */
    CONSENT_REQUIRED("consent_required", 400),
    /** RFC 6749 §4.1.2.1: the user refused (the consent page's Deny, issue 17). */
    ACCESS_DENIED("access_denied", 400),
    /** RFC 6750 §3.1, for bearer-token-protected endpoints. */
    INVALID_TOKEN("invalid_token", 401),
    /** RFC 6750 §3.1: the token lacks the scope the resource needs. */
    INSUFFICIENT_SCOPE("insufficient_scope", 403),
    SERVER_ERROR("server_error", 500),
    TEMPORARILY_UNAVAILABLE("temporarily_unavailable", 503);

    private final String code;
    private final int status;

    OAuthError(String code, int status) {
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }
}
