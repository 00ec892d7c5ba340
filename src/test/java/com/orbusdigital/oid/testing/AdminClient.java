package com.orbusdigital.oid.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.UUID;

/** The admin API as a caller holding one bearer token sees it. */
public final class AdminClient {

    private final URI base;
    private final String token;

    private AdminClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** Through the bootstrap client of the platform tenant (role oid-admin). */
    public static AdminClient platformAdmin(URI base) {
        return new AdminClient(base, clientCredentialsToken(base, TestInfrastructure.BOOTSTRAP_CLIENT_ID, TestInfrastructure.BOOTSTRAP_CLIENT_SECRET));
    }

    public static AdminClient withToken(URI base, String token) {
        return new AdminClient(base, token);
    }

    public static String clientCredentialsToken(URI base, String clientId, String secret) {
        Http.Response response = Http.postForm(base.resolve("token"), "grant_type=client_credentials",
                "Authorization", Http.basic(clientId, secret));
        if (response.status() != 200) {
            throw new AssertionError("no token for " + clientId + ": " + response.status() + " " + response.body());
        }
        return response.json().path("access_token").asText();
    }

    public Http.Response call(String method, String path, String json) {
        return Http.json(method, base.resolve(path), json, "Authorization", "Bearer " + token);
    }

    /** With more request headers, e.g. {@code "If-Match", etag}. */
    public Http.Response call(String method, String path, String json, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = "Bearer " + token;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return Http.json(method, base.resolve(path), json, all);
    }

    public Http.Response get(String path) {
        return call("GET", path, null);
    }

    public Http.Response post(String path, String json) {
        return call("POST", path, json);
    }

    public Http.Response patch(String path, String json) {
        return call("PATCH", path, json);
    }

    public Http.Response put(String path) {
        return call("PUT", path, null);
    }

    public Http.Response delete(String path) {
        return call("DELETE", path, null);
    }

    /** A fresh tenant; answers its slug. */
    public String createTenant(String prefix) {
        String slug = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Http.Response response = post("admin/tenants", "{\"slug\":\"" + slug + "\",\"name\":\"Tenant " + slug + "\"}");
        if (response.status() != 201) {
            throw new AssertionError("tenant not created: " + response.status() + " " + response.body());
        }
        return slug;
    }

    /** A confidential client_credentials client of the tenant; answers {client_id, client_secret, …}. */
    public JsonNode createServiceClient(String tenant, String... roles) {
        Http.Response response = post("admin/tenants/" + tenant + "/clients",
                "{\"name\":\"Service\",\"type\":\"confidential\",\"grant_types\":[\"client_credentials\"],\"scopes\":[\"read\"]}");
        if (response.status() != 201) {
            throw new AssertionError("client not created: " + response.status() + " " + response.body());
        }
        JsonNode client = response.json();
        for (String role : roles) {
            if (get("admin/tenants/" + tenant + "/roles/" + role).status() == 404) {
                post("admin/tenants/" + tenant + "/roles", "{\"name\":\"" + role + "\"}");
            }
            Http.Response assigned = put("admin/tenants/" + tenant + "/clients/" + client.path("client_id").asText() + "/roles/" + role);
            if (assigned.status() != 204) {
                throw new AssertionError("role not assigned: " + assigned.status() + " " + assigned.body());
            }
        }
        return client;
    }

    /** An admin of one tenant: a client holding tenant-admin there, and its token. */
    public AdminClient tenantAdmin(String tenant) {
        JsonNode client = createServiceClient(tenant, "tenant-admin");
        return new AdminClient(base, clientCredentialsToken(base, client.path("client_id").asText(), client.path("client_secret").asText()));
    }
}
