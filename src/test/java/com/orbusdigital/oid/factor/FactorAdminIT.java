package com.orbusdigital.oid.factor;

import static com.orbusdigital.oid.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.FactorRows;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.TestInfrastructure;
import com.orbusdigital.oid.testing.TopicReader;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin API's second-factor policies (a tenant's mfa_policy, a client's require_mfa and
 * require_passkey) and a user's factors: listed without a secret, removed one by one or all at
 * once, with their events; tenant administrators of other tenants see nothing.
 */
@OidIT
class FactorAdminIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant CREATED = Instant.parse("2026-11-02T09:15:00Z");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Credential ids are unique across users: each test's are its own. */
    private final byte[] credentialId = random(48);
    private final byte[] publicKey = random(77);
    private final byte[] totpSecret = random(20);

    private RunningOid oid;

    private AdminClient platform;
    private FactorRows factors;
    private String tenant;
    private UUID tenantId;

    @BeforeEach
    void tenant() throws Exception {
        platform = oid.platformAdmin();
        factors = new FactorRows(TestInfrastructure.postgres());
        tenant = platform.createTenant("mfa");
        tenantId = UUID.fromString(platform.get("admin/tenants/" + tenant).json().path("id").asText());
    }

    @Test
    void aTenantsMfaPolicyIsSetAtCreationReadPatchedAndAnUnknownOneIsRefused() {
        assertThat(platform.get("admin/tenants/" + tenant).json().path("mfa_policy").asText()).isEqualTo("optional");
        String slug = "strict-" + UUID.randomUUID().toString().substring(0, 8);
        Http.Response created = platform.post("admin/tenants", "{\"slug\":\"" + slug + "\",\"name\":\"Strict\",\"mfa_policy\":\"required\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("mfa_policy").asText()).isEqualTo("required");
        assertThat(platform.get("admin/tenants/" + slug).json().path("mfa_policy").asText()).isEqualTo("required");

        Http.Response patched = platform.patch("admin/tenants/" + slug, "{\"mfa_policy\":\"off\"}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().path("mfa_policy").asText()).isEqualTo("off");

        for (String bad : new String[] {"\"sometimes\"", "\"REQUIRED\"", "null", "true"}) {
            Http.Response refused = platform.patch("admin/tenants/" + slug, "{\"mfa_policy\":" + bad + "}");
            assertProblem(refused, 400);
            assertThat(refused.json().path("errors").has("mfa_policy")).as(refused.body()).isTrue();
        }
        Http.Response unknown = platform.patch("admin/tenants/" + slug, "{\"mfa_policy\":\"sometimes\"}");
        assertThat(unknown.json().path("errors").path("mfa_policy").asText()).isEqualTo("must be one of off, optional, required");
        assertProblem(platform.post("admin/tenants", "{\"slug\":\"x" + slug + "\",\"name\":\"X\",\"mfa_policy\":\"always\"}"), 400);
        assertProblem(platform.get("admin/tenants/x" + slug), 404);
        assertThat(platform.get("admin/tenants/" + slug).json().path("mfa_policy").asText()).isEqualTo("off");

        // a tenant administrator sets its own tenant's policy
        AdminClient own = platform.tenantAdmin(tenant);
        assertThat(own.patch("admin/tenants/" + tenant, "{\"mfa_policy\":\"required\"}").json().path("mfa_policy").asText())
                .isEqualTo("required");
    }

    @Test
    void aClientsRequirementsAreSetAtCreationReadPatchedAndRefusedWhenNotBooleans() {
        String clients = "admin/tenants/" + tenant + "/clients";
        JsonNode plain = platform.post(clients, "{\"name\":\"Plain\",\"type\":\"public\",\"redirect_uris\":[\"https://plain.example/cb\"],"
                + "\"grant_types\":[\"authorization_code\"]}").json();
        assertThat(plain.path("require_mfa").asBoolean(true)).isFalse();
        assertThat(plain.path("require_passkey").asBoolean(true)).isFalse();

        Http.Response strict = platform.post(clients, "{\"name\":\"Strict\",\"type\":\"public\",\"redirect_uris\":[\"https://strict.example/cb\"],"
                + "\"grant_types\":[\"authorization_code\"],\"require_mfa\":true}");
        assertThat(strict.status()).as(strict.body()).isEqualTo(201);
        assertThat(strict.json().path("require_mfa").asBoolean()).isTrue();
        assertThat(strict.json().path("require_passkey").asBoolean(true)).isFalse();
        String path = clients + "/" + strict.json().path("client_id").asText();

        JsonNode patched = platform.patch(path, "{\"require_passkey\":true,\"require_mfa\":false}").json();
        assertThat(patched.path("require_passkey").asBoolean()).isTrue();
        assertThat(patched.path("require_mfa").asBoolean(true)).isFalse();
        assertThat(platform.get(path).json().path("require_passkey").asBoolean()).isTrue();

        Http.Response refused = platform.patch(path, "{\"require_passkey\":\"yes\",\"require_mfa\":1}");
        assertProblem(refused, 400);
        assertThat(refused.json().path("errors").path("require_passkey").asText()).isEqualTo("must be true or false");
        assertThat(refused.json().path("errors").path("require_mfa").asText()).isEqualTo("must be true or false");
        assertThat(platform.get(path).json().path("require_passkey").asBoolean()).isTrue();
    }

    @Test
    void aUsersFactorsAreListedWithoutASecretKeyCredentialIdOrHash() {
        UUID user = user("ada");
        Instant used = CREATED.plus(3, ChronoUnit.DAYS);
        UUID synced = factors.passkey(tenantId, user, "Phone", credentialId, publicKey, true, null, CREATED, used);
        UUID aaguid = UUID.fromString("08987058-cadc-4b81-b6e1-30de50dcbe96");
        UUID key = factors.passkey(tenantId, user, "Security key", random(64), random(77), false, aaguid,
                CREATED.plusSeconds(60), null);
        factors.totp(tenantId, user, totpSecret, CREATED, CREATED.plusSeconds(30));
        List<byte[]> hashes = List.of(random(32), random(32), random(32));
        factors.recoveryCode(tenantId, user, hashes.get(0), CREATED, null);
        factors.recoveryCode(tenantId, user, hashes.get(1), CREATED, null);
        factors.recoveryCode(tenantId, user, hashes.get(2), CREATED, used);

        Http.Response listed = platform.get(factorsOf(user));

        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        JsonNode body = listed.json();
        assertThat(body.path("passkeys")).hasSize(2);
        JsonNode phone = body.path("passkeys").get(0);
        assertThat(phone.path("id").asText()).isEqualTo(synced.toString());
        assertThat(phone.path("name").asText()).isEqualTo("Phone");
        assertThat(phone.path("created_at").asText()).isEqualTo(CREATED.toString());
        assertThat(phone.path("last_used_at").asText()).isEqualTo(used.toString());
        assertThat(phone.path("synced").asBoolean()).isTrue();
        assertThat(phone.has("aaguid") && phone.path("aaguid").isNull()).isTrue();
        JsonNode securityKey = body.path("passkeys").get(1);
        assertThat(securityKey.path("id").asText()).isEqualTo(key.toString());
        assertThat(securityKey.path("synced").asBoolean()).isFalse();
        assertThat(securityKey.path("aaguid").asText()).isEqualTo(aaguid.toString());
        assertThat(securityKey.has("last_used_at") && securityKey.path("last_used_at").isNull()).isTrue();
        assertThat(iterable(phone.fieldNames())).containsExactlyInAnyOrder("id", "name", "created_at", "last_used_at", "synced", "aaguid");
        assertThat(body.path("totp").path("enabled").asBoolean()).isTrue();
        assertThat(body.path("totp").path("created_at").asText()).isEqualTo(CREATED.plusSeconds(30).toString());
        assertThat(body.path("recovery_codes").path("remaining").asInt()).isEqualTo(2);
        assertThat(body.path("recovery_codes").path("created_at").asText()).isEqualTo(CREATED.toString());
        assertThat(iterable(body.fieldNames())).containsExactly("passkeys", "totp", "recovery_codes");
        for (byte[] secret : List.of(credentialId, publicKey, totpSecret, hashes.get(0), hashes.get(1), hashes.get(2))) {
            assertThat(listed.body()).doesNotContain(Base64.getEncoder().encodeToString(secret))
                    .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(secret))
                    .doesNotContain(HexFormat.of().formatHex(secret));
        }

        JsonNode nothing = platform.get(factorsOf(user("grace"))).json();
        assertThat(nothing.toString()).isEqualTo("{\"passkeys\":[],\"totp\":null,\"recovery_codes\":null}");
    }

    @Test
    void anUnconfirmedAuthenticatorAppIsNoneAndCannotBeRemovedAlone() {
        UUID user = user("alan");
        factors.totp(tenantId, user, totpSecret, CREATED, null);

        assertThat(platform.get(factorsOf(user)).json().path("totp").isNull()).isTrue();
        assertProblem(platform.delete(factorsOf(user) + "/totp"), 404);
        assertThat(factors.count(user)).containsExactly(0, 1, 0);
    }

    @Test
    void removingAPasskeyTheAppOrEverythingDeletesTheRowsAndPublishesWhichAdministratorDidIt() throws Exception {
        UUID user = user("edsger");
        UUID first = factors.passkey(tenantId, user, "Phone", credentialId, publicKey, true, null, CREATED, null);
        factors.passkey(tenantId, user, "Laptop", random(64), random(77), false, null, CREATED, null);
        factors.totp(tenantId, user, totpSecret, CREATED, CREATED);
        factors.recoveryCode(tenantId, user, random(32), CREATED, null);
        factors.recoveryCode(tenantId, user, random(32), CREATED, null);

        assertThat(platform.delete(factorsOf(user) + "/passkeys/" + first).status()).isEqualTo(204);
        assertThat(factors.count(user)).containsExactly(1, 1, 2);
        assertProblem(platform.delete(factorsOf(user) + "/passkeys/" + first), 404);
        assertProblem(platform.delete(factorsOf(user) + "/passkeys/not-a-uuid"), 404);
        assertThat(platform.get(factorsOf(user)).json().path("passkeys")).extracting(p -> p.path("name").asText()).containsExactly("Laptop");

        assertThat(platform.delete(factorsOf(user) + "/totp").status()).isEqualTo(204);
        assertThat(factors.count(user)).containsExactly(1, 0, 2);
        assertProblem(platform.delete(factorsOf(user) + "/totp"), 404);

        assertThat(platform.delete(factorsOf(user)).status()).isEqualTo(204);
        assertThat(factors.count(user)).containsExactly(0, 0, 0);
        assertThat(platform.get(factorsOf(user)).json().toString()).isEqualTo("{\"passkeys\":[],\"totp\":null,\"recovery_codes\":null}");
        // nothing left to reset: still done, and nothing more to announce
        assertThat(platform.delete(factorsOf(user)).status()).isEqualTo(204);

        List<ConsumerRecord<String, String>> events = TopicReader.read(record -> tenantId.toString().equals(record.key())
                && record.value().contains("\"" + user + "\"") && !record.value().contains("\"oid.user.created\""), 3);
        assertThat(events).extracting(record -> JSON.readTree(record.value()).path("type").asText())
                .containsExactly("oid.user.passkey_removed", "oid.user.totp_removed", "oid.user.mfa_reset");
        for (ConsumerRecord<String, String> record : events) {
            JsonNode data = JSON.readTree(record.value()).path("data");
            assertThat(data.path("tenant_id").asText()).isEqualTo(tenantId.toString());
            assertThat(data.path("user_id").asText()).isEqualTo(user.toString());
            assertThat(data.path("by").asText()).isEqualTo("admin");
            assertThat(data.path("admin_client_id").asText()).isEqualTo(TestInfrastructure.BOOTSTRAP_CLIENT_ID);
            assertThat(record.value()).doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(credentialId))
                    .doesNotContain(Base64.getEncoder().encodeToString(credentialId));
        }
        assertThat(JSON.readTree(events.get(0).value()).path("data").path("passkey_id").asText()).isEqualTo(first.toString());
    }

    @Test
    void aResetRemovesEvenTheFactorsATenantPolicyRequires() {
        assertThat(platform.patch("admin/tenants/" + tenant, "{\"mfa_policy\":\"required\"}").status()).isEqualTo(200);
        UUID user = user("barbara");
        factors.passkey(tenantId, user, "Phone", credentialId, publicKey, true, null, CREATED, null);
        factors.totp(tenantId, user, totpSecret, CREATED, CREATED);

        assertThat(platform.delete(factorsOf(user)).status()).isEqualTo(204);

        assertThat(factors.count(user)).containsExactly(0, 0, 0);
    }

    @Test
    void aTenantAdministratorActsOnItsOwnUsersAndAnotherTenantsAdministratorFindsNothing() {
        UUID user = user("kurt");
        UUID passkey = factors.passkey(tenantId, user, "Phone", credentialId, publicKey, true, null, CREATED, null);
        factors.totp(tenantId, user, totpSecret, CREATED, CREATED);
        String otherTenant = platform.createTenant("other");
        AdminClient outsider = platform.tenantAdmin(otherTenant);
        AdminClient own = platform.tenantAdmin(tenant);

        // by this tenant's slug: the tenant is not there for it; by its own: the user is not
        for (String path : List.of(factorsOf(user), "admin/tenants/" + otherTenant + "/users/" + user + "/factors")) {
            assertProblem(outsider.get(path), 404);
            assertProblem(outsider.delete(path), 404);
            assertProblem(outsider.delete(path + "/totp"), 404);
            assertProblem(outsider.delete(path + "/passkeys/" + passkey), 404);
        }
        // exactly as for a user that does not exist
        String missing = "admin/tenants/" + otherTenant + "/users/" + UUID.randomUUID() + "/factors";
        assertThat(outsider.get(missing).json().path("detail").asText())
                .isEqualTo(outsider.get("admin/tenants/" + otherTenant + "/users/" + user + "/factors").json().path("detail").asText());
        assertThat(factors.count(user)).containsExactly(1, 1, 0);

        assertThat(own.get(factorsOf(user)).json().path("passkeys")).hasSize(1);
        assertThat(own.delete(factorsOf(user) + "/passkeys/" + passkey).status()).isEqualTo(204);
        assertThat(own.delete(factorsOf(user) + "/totp").status()).isEqualTo(204);
        assertThat(factors.count(user)).containsExactly(0, 0, 0);
        assertThat(Http.get(oid.root().resolve(factorsOf(user))).status()).isEqualTo(401);
    }

    private UUID user(String prefix) {
        Http.Response created = platform.post("admin/tenants/" + tenant + "/users",
                "{\"username\":\"" + prefix + "-" + UUID.randomUUID().toString().substring(0, 6) + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(created.json().path("id").asText());
    }

    private String factorsOf(UUID user) {
        return "admin/tenants/" + tenant + "/users/" + user + "/factors";
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
