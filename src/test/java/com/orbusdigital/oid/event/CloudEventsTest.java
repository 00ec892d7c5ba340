package com.orbusdigital.oid.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orbusdigital.oid.protocol.Factor;
import com.orbusdigital.oid.protocol.Proofs;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every event type's CloudEvent exactly as the documented event table says: type, subject, record key
 * and data, field for field and in order. Each case is one record as the domain fires it.
 */
class CloudEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOURCE = "https://oid.example.com";
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final Instant LATER = Instant.parse("2026-12-07T11:00:00Z");
    private static final UUID TENANT = UUID.fromString("0b6c0000-0000-4000-8000-000000000001");
    private static final UUID USER = UUID.fromString("0b6c0000-0000-4000-8000-000000000002");
    private static final UUID ROLE = UUID.fromString("0b6c0000-0000-4000-8000-000000000003");
    private static final UUID SESSION = UUID.fromString("0b6c0000-0000-4000-8000-000000000004");
    private static final UUID FAMILY = UUID.fromString("0b6c0000-0000-4000-8000-000000000005");
    private static final UUID INVITATION = UUID.fromString("0b6c0000-0000-4000-8000-000000000017");
    private static final UUID PROVIDER = UUID.fromString("0b6c0000-0000-4000-8000-000000000018"); // issue 18
    private static final String PLATFORM = "00000000-0000-0000-0000-000000000000";

    private static final TenantChange.Facts ACME = new TenantChange.Facts(TENANT, "acme", "Acme", true);
    private static final ClientChange.Facts BILLING = new ClientChange.Facts(TENANT, "billing-service", "Billing service",
            "confidential", List.of("client_credentials"), true, true);
    private static final RoleChange.Facts READER = new RoleChange.Facts(TENANT, ROLE, "reader");
    private static final UserChange.Facts ADA = new UserChange.Facts(TENANT, USER, "ada", Optional.of("ada@example.com"), true);

    // issue 18, identity providers
    private static final IdentityProviderChange.Facts ENTRA = new IdentityProviderChange.Facts(TENANT, PROVIDER, "entra", true);
    private static final String PROVIDER_DATA = """
            {"tenant_id":"%s","provider_id":"%s","alias":"entra","enabled":true""".formatted(TENANT, PROVIDER);

    private static final String TENANT_DATA = """
            {"tenant_id":"%s","slug":"acme","name":"Acme","enabled":true}""".formatted(TENANT);
    private static final String CLIENT_DATA = """
            {"tenant_id":"%s","client_id":"billing-service","name":"Billing service","type":"confidential",\
            "grant_types":["client_credentials"],"enabled":true,"first_party":true}""".formatted(TENANT);
    private static final String ROLE_DATA = """
            "tenant_id":"%s","role_id":"%s","name":"reader\"""".formatted(TENANT, ROLE);
    private static final String USER_DATA = """
            {"tenant_id":"%s","user_id":"%s","username":"ada","email":"ada@example.com","enabled":true}""".formatted(TENANT, USER);
    private static final String USER_IDS = """
            {"tenant_id":"%s","user_id":"%s"}""".formatted(TENANT, USER);

    static Stream<Arguments> events() {
        return Stream.of(
                event(new TenantChange.Created(ACME), "oid.tenant.created", TENANT, TENANT, TENANT_DATA),
                event(new TenantChange.Updated(ACME), "oid.tenant.updated", TENANT, TENANT, TENANT_DATA),
                event(new TenantChange.Disabled(new TenantChange.Facts(TENANT, "acme", "Acme", false)), "oid.tenant.disabled",
                        TENANT, TENANT, TENANT_DATA.replace("true", "false")),
                event(new TenantChange.Deleted(TENANT, "acme"), "oid.tenant.deleted", TENANT, TENANT,
                        "{\"tenant_id\":\"%s\",\"slug\":\"acme\"}".formatted(TENANT)),

                event(new ClientChange.Created(BILLING), "oid.client.created", "billing-service", TENANT, CLIENT_DATA),
                event(new ClientChange.Updated(BILLING), "oid.client.updated", "billing-service", TENANT, CLIENT_DATA),
                event(new ClientChange.Deleted(BILLING), "oid.client.deleted", "billing-service", TENANT, CLIENT_DATA),
                event(new ClientChange.SecretRotated(BILLING), "oid.client.secret_rotated", "billing-service", TENANT, CLIENT_DATA),
                event(new ClientChange.TokensRevoked(TENANT, "billing-service", NOW, 3), "oid.client.tokens_revoked",
                        "billing-service", TENANT, """
                        {"tenant_id":"%s","client_id":"billing-service","revoked_before":"2026-12-07T10:00:00Z",\
                        "refresh_tokens_revoked":3}""".formatted(TENANT)),

                event(new UserChange.Created(ADA), "oid.user.created", USER, TENANT, USER_DATA),
                event(new UserChange.Updated(new UserChange.Facts(TENANT, USER, "ada", Optional.empty(), true)), "oid.user.updated",
                        USER, TENANT, "{\"tenant_id\":\"%s\",\"user_id\":\"%s\",\"username\":\"ada\",\"enabled\":true}"
                                .formatted(TENANT, USER)),
                event(new UserChange.Disabled(new UserChange.Facts(TENANT, USER, "ada", Optional.of("ada@example.com"), false)),
                        "oid.user.disabled", USER, TENANT, USER_DATA.replace("true", "false")),
                event(new UserChange.Deleted(TENANT, USER), "oid.user.deleted", USER, TENANT, USER_IDS),
                event(new UserChange.PasswordChanged(TENANT, USER), "oid.user.password_changed", USER, TENANT, USER_IDS),
                event(new UserChange.TokensRevoked(TENANT, USER, NOW, 2, 1), "oid.user.tokens_revoked", USER, TENANT, """
                        {"tenant_id":"%s","user_id":"%s","revoked_before":"2026-12-07T10:00:00Z","refresh_tokens_revoked":2,\
                        "sessions_ended":1}""".formatted(TENANT, USER)),

                // --- issue 17, branding ---
                event(new BrandingChange(TENANT, "acme", Optional.of("Acme <Corp>"), Optional.of("#c0392b"), Optional.of("ab".repeat(32))),
                        "oid.tenant.branding_changed", TENANT, TENANT, """
                        {"tenant_id":"%s","slug":"acme","display_name":"Acme <Corp>","accent_color":"#c0392b",\
                        "logo_sha256":"%s"}""".formatted(TENANT, "ab".repeat(32))),
                event(new BrandingChange(TENANT, "acme", Optional.empty(), Optional.empty(), Optional.empty()),
                        "oid.tenant.branding_changed", TENANT, TENANT, "{\"tenant_id\":\"%s\",\"slug\":\"acme\"}".formatted(TENANT)),
                // --- end of issue 17, branding ---

                event(new KeyRotated("kid-2", LATER, Optional.of("kid-1"), Optional.of(LATER.plusSeconds(7200)), "scheduled"),
                        "oid.key.rotated", "kid-2", PLATFORM, """
                        {"kid":"kid-2","active_from":"2026-12-07T11:00:00Z","previous_kid":"kid-1",\
                        "previous_published_until":"2026-12-07T13:00:00Z","reason":"scheduled"}"""),
                event(new KeyRotated("kid-1", NOW, Optional.empty(), Optional.empty(), "requested"), "oid.key.rotated", "kid-1",
                        PLATFORM, "{\"kid\":\"kid-1\",\"active_from\":\"2026-12-07T10:00:00Z\",\"reason\":\"requested\"}"),

                event(new RoleChange.Created(READER), "oid.role.created", ROLE, TENANT, "{" + ROLE_DATA + "}"),
                event(new RoleChange.Updated(READER), "oid.role.updated", ROLE, TENANT, "{" + ROLE_DATA + "}"),
                event(new RoleChange.Deleted(READER), "oid.role.deleted", ROLE, TENANT, "{" + ROLE_DATA + "}"),
                event(new RoleChange.Assigned(READER, new RoleChange.ClientHolder("billing-service")), "oid.role.assigned", ROLE,
                        TENANT, "{" + ROLE_DATA + ",\"client_id\":\"billing-service\"}"),
                event(new RoleChange.Unassigned(READER, new RoleChange.UserHolder(USER, "ada")), "oid.role.unassigned", ROLE,
                        TENANT, "{" + ROLE_DATA + ",\"user_id\":\"%s\",\"username\":\"ada\"}".formatted(USER)),

                event(new SignInEvent.SignedIn(TENANT, USER, "web", SESSION, Proofs.of(Factor.PASSWORD, LATER)), "oid.user.signed_in",
                        USER, TENANT, """
                        {"tenant_id":"%s","user_id":"%s","client_id":"web","session_id":"%s","method":"password","factors":["password"]}"""
                        .formatted(TENANT, USER, SESSION)),
                event(new SignInEvent.SignedIn(TENANT, USER, "web", SESSION, Proofs.NONE.with(List.of(Factor.SYNCED_PASSKEY,
                        Factor.USER_VERIFICATION), LATER)), "oid.user.signed_in", USER, TENANT, """
                        {"tenant_id":"%s","user_id":"%s","client_id":"web","session_id":"%s","method":"passkey",\
                        "factors":["synced_passkey","user_verification"]}""".formatted(TENANT, USER, SESSION)),
                event(new FactorChange.PasskeyRegistered(TENANT, USER, SESSION, "Ada's laptop", true), "oid.user.passkey_registered", USER,
                        TENANT, """
                        {"tenant_id":"%s","user_id":"%s","passkey_id":"%s","name":"Ada's laptop","synced":true}"""
                        .formatted(TENANT, USER, SESSION)),
                event(new FactorChange.PasskeyRemoved(TENANT, USER, SESSION, FactorChange.Actor.USER), "oid.user.passkey_removed", USER,
                        TENANT, """
                        {"tenant_id":"%s","user_id":"%s","passkey_id":"%s","by":"user"}""".formatted(TENANT, USER, SESSION)),
                event(new FactorChange.TotpEnabled(TENANT, USER), "oid.user.totp_enabled", USER, TENANT, """
                        {"tenant_id":"%s","user_id":"%s"}""".formatted(TENANT, USER)),
                event(new FactorChange.TotpRemoved(TENANT, USER, FactorChange.Actor.admin("oid-admin")), "oid.user.totp_removed", USER,
                        TENANT, """
                        {"tenant_id":"%s","user_id":"%s","by":"admin","admin_client_id":"oid-admin"}""".formatted(TENANT, USER)),
                event(new FactorChange.RecoveryCodesGenerated(TENANT, USER, 10), "oid.user.recovery_codes_generated", USER, TENANT, """
                        {"tenant_id":"%s","user_id":"%s","count":10}""".formatted(TENANT, USER)),
                event(new FactorChange.RecoveryCodeUsed(TENANT, USER, "web", 9), "oid.user.recovery_code_used", USER, TENANT, """
                        {"tenant_id":"%s","user_id":"%s","client_id":"web","remaining":9}""".formatted(TENANT, USER)),
                event(new FactorChange.MfaReset(TENANT, USER, FactorChange.Actor.admin("oid-admin")), "oid.user.mfa_reset", USER, TENANT, """
                        {"tenant_id":"%s","user_id":"%s","by":"admin","admin_client_id":"oid-admin"}""".formatted(TENANT, USER)),
                // --- issue 17, consent ---
                event(new ConsentChange.Granted(TENANT, USER, "partner-app", List.of("openid", "email")), "oid.consent.granted", USER,
                        TENANT, """
                        {"tenant_id":"%s","user_id":"%s","client_id":"partner-app","scopes":["openid","email"]}""".formatted(TENANT, USER)),
                event(new ConsentChange.Revoked(TENANT, USER, "partner-app", 2, FactorChange.Actor.USER), "oid.consent.revoked", USER,
                        TENANT, """
                        {"tenant_id":"%s","user_id":"%s","client_id":"partner-app","refresh_tokens_revoked":2,"by":"user"}"""
                        .formatted(TENANT, USER)),
                event(new ConsentChange.Revoked(TENANT, USER, "partner-app", 0, FactorChange.Actor.admin("oid-admin")),
                        "oid.consent.revoked", USER, TENANT, """
                        {"tenant_id":"%s","user_id":"%s","client_id":"partner-app","refresh_tokens_revoked":0,"by":"admin",\
                        "admin_client_id":"oid-admin"}""".formatted(TENANT, USER)),
                // --- end of issue 17, consent ---
                // issue 17: a user's own profile change names the claims, never their values
                event(new ProfileChange.Updated(TENANT, USER, List.of("name", "given_name", "address")), "oid.user.profile_updated", USER,
                        TENANT, """
                        {"tenant_id":"%s","user_id":"%s","claims":["name","given_name","address"],"by":"user"}""".formatted(TENANT, USER)),
                // --- issue 17, email verification: never the link nor an address ---
                event(new EmailVerificationEvent.Requested(TENANT, USER, "m-1@oid.example.com", "change", "user"),
                        "oid.user.email_verification_requested", USER, TENANT, """
                        {"tenant_id":"%s","user_id":"%s","message_id":"m-1@oid.example.com","purpose":"change","by":"user"}""".formatted(TENANT, USER)),
                event(new EmailVerificationEvent.Verified(TENANT, USER, "verify"), "oid.user.email_verified", USER, TENANT, """
                        {"tenant_id":"%s","user_id":"%s","purpose":"verify"}""".formatted(TENANT, USER)),
                event(new EmailVerificationEvent.Changed(TENANT, USER, "admin", false), "oid.user.email_changed", USER, TENANT, """
                        {"tenant_id":"%s","user_id":"%s","by":"admin","verified":false}""".formatted(TENANT, USER)),
                // --- end of issue 17, email verification ---
                event(new SignInEvent.Failed(TENANT, Optional.of(USER), "web", "wrong_password"), "oid.user.sign_in_failed", USER,
                        TENANT, """
                        {"tenant_id":"%s","user_id":"%s","client_id":"web","reason":"wrong_password"}""".formatted(TENANT, USER)),
                event(new SignInEvent.Failed(TENANT, Optional.empty(), "web", "unknown_user"), "oid.user.sign_in_failed", TENANT,
                        TENANT, """
                        {"tenant_id":"%s","client_id":"web","reason":"unknown_user"}""".formatted(TENANT)),
                event(new SignInEvent.Locked(TENANT, USER, LATER), "oid.user.locked", USER, TENANT, """
                        {"tenant_id":"%s","user_id":"%s","locked_until":"2026-12-07T11:00:00Z"}""".formatted(TENANT, USER)),
                event(new SignInEvent.SignedOut(TENANT, USER, SESSION, Optional.of("web"), 2), "oid.user.signed_out", USER, TENANT, """
                        {"tenant_id":"%s","user_id":"%s","session_id":"%s","client_id":"web","refresh_tokens_revoked":2}"""
                        .formatted(TENANT, USER, SESSION)),
                event(new SignInEvent.SignedOut(TENANT, USER, SESSION, Optional.empty(), 0), "oid.user.signed_out", USER, TENANT, """
                        {"tenant_id":"%s","user_id":"%s","session_id":"%s","refresh_tokens_revoked":0}"""
                        .formatted(TENANT, USER, SESSION)),
                // --- issue 18, back-channel logout: never the logout token nor the client's URI ---
                event(new BackChannelLogoutEvent.Notified(TENANT, "docstore", SESSION, 2, 204), "oid.session.logout_notified", SESSION,
                        TENANT, """
                        {"tenant_id":"%s","client_id":"docstore","session_id":"%s","attempts":2,"status":204}""".formatted(TENANT, SESSION)),
                event(new BackChannelLogoutEvent.NotificationFailed(TENANT, "docstore", SESSION, 57, "503"),
                        "oid.session.logout_notification_failed", SESSION, TENANT, """
                        {"tenant_id":"%s","client_id":"docstore","session_id":"%s","attempts":57,"failure":"503"}""".formatted(TENANT, SESSION)),
                // --- end of issue 18, back-channel logout ---

                event(new Revocation.CodeReplayed(TENANT, USER, "web", true, 1), "oid.authorization_code.replayed", USER, TENANT, """
                        {"tenant_id":"%s","user_id":"%s","client_id":"web","access_token_revoked":true,"refresh_tokens_revoked":1}"""
                        .formatted(TENANT, USER)),
                event(new Revocation.RefreshReuseDetected(TENANT, USER, "web", FAMILY, 4), "oid.refresh_token.reuse_detected", USER,
                        TENANT, """
                        {"tenant_id":"%s","user_id":"%s","client_id":"web","family_id":"%s","refresh_tokens_revoked":4}"""
                        .formatted(TENANT, USER, FAMILY)),
                event(new Revocation.RefreshTokenRevoked(TENANT, USER, "web", FAMILY, 2), "oid.refresh_token.revoked", USER, TENANT, """
                        {"tenant_id":"%s","user_id":"%s","client_id":"web","family_id":"%s","refresh_tokens_revoked":2}"""
                        .formatted(TENANT, USER, FAMILY)),
                event(new Revocation.AccessTokenRevoked("jti-9", LATER), "oid.token.revoked", "jti-9", PLATFORM, """
                        {"jti":"jti-9","expires_at":"2026-12-07T11:00:00Z"}"""),

                // issue 17, email: never the address in full, the link or the text
                event(new EmailEvent.Sent(TENANT, "m-1@oid.example.com", "password-reset", "example.com", 1, "smtp"), "oid.email.sent",
                        "m-1@oid.example.com", TENANT, """
                        {"tenant_id":"%s","message_id":"m-1@oid.example.com","kind":"password-reset","recipient_domain":"example.com",\
                        "attempts":1,"via":"smtp"}""".formatted(TENANT)),
                event(new EmailEvent.Failed(TENANT, "m-1@oid.example.com", "password-reset", "example.com", 3, "550"), "oid.email.failed",
                        "m-1@oid.example.com", TENANT, """
                        {"tenant_id":"%s","message_id":"m-1@oid.example.com","kind":"password-reset","recipient_domain":"example.com",\
                        "attempts":3,"reason":"550"}""".formatted(TENANT)),
                event(new EmailEvent.ResetRequested(TENANT, USER, "m-1@oid.example.com"), "oid.password_reset.requested", USER, TENANT, """
                        {"tenant_id":"%s","user_id":"%s","message_id":"m-1@oid.example.com"}""".formatted(TENANT, USER)),
                event(new EmailEvent.ResetCompleted(TENANT, USER, 2, 3), "oid.password_reset.completed", USER, TENANT, """
                        {"tenant_id":"%s","user_id":"%s","sessions_ended":2,"refresh_tokens_revoked":3}""".formatted(TENANT, USER)),
                // issue 17, self sign-up: the address's domain only, never the address or the link
                event(new SignUpEvent.Requested(TENANT, "m-2@oid.example.com", "example.com", false), "oid.user.sign_up_requested",
                        "m-2@oid.example.com", TENANT, """
                        {"tenant_id":"%s","message_id":"m-2@oid.example.com","email_domain":"example.com","account_exists":false}"""
                        .formatted(TENANT)),
                event(new SignUpEvent.SignedUp(TENANT, USER, "web"), "oid.user.signed_up", USER, TENANT, """
                        {"tenant_id":"%s","user_id":"%s","client_id":"web"}""".formatted(TENANT, USER)),

                // issue 17, invitations: the recipient's domain, never the link or the address in full
                event(new InvitationEvent.Invited(TENANT, INVITATION, "example.com", List.of("editor"), LATER, "m-2@oid.example.com"),
                        "oid.user.invited", INVITATION, TENANT, """
                        {"tenant_id":"%s","invitation_id":"%s","recipient_domain":"example.com","roles":["editor"],\
                        "expires_at":"2026-12-07T11:00:00Z","message_id":"m-2@oid.example.com"}""".formatted(TENANT, INVITATION)),
                event(new InvitationEvent.Resent(TENANT, INVITATION, "example.com", LATER, "m-3@oid.example.com"),
                        "oid.user.invitation_resent", INVITATION, TENANT, """
                        {"tenant_id":"%s","invitation_id":"%s","recipient_domain":"example.com","expires_at":"2026-12-07T11:00:00Z",\
                        "message_id":"m-3@oid.example.com"}""".formatted(TENANT, INVITATION)),
                event(new InvitationEvent.Revoked(TENANT, INVITATION), "oid.user.invitation_revoked", INVITATION, TENANT, """
                        {"tenant_id":"%s","invitation_id":"%s"}""".formatted(TENANT, INVITATION)),
                event(new InvitationEvent.Accepted(TENANT, INVITATION, USER, List.of("editor")), "oid.user.invitation_accepted", INVITATION,
                        TENANT, """
                        {"tenant_id":"%s","invitation_id":"%s","user_id":"%s","roles":["editor"]}""".formatted(TENANT, INVITATION, USER)),

                // --- issue 18, identity providers: never the client secret, at most its name among the changes ---
                event(new IdentityProviderChange.Created(ENTRA), "oid.identity_provider.created", PROVIDER, TENANT, PROVIDER_DATA + "}"),
                event(new IdentityProviderChange.Updated(ENTRA, List.of("display_name", "domains", "client_secret")),
                        "oid.identity_provider.updated", PROVIDER, TENANT,
                        PROVIDER_DATA + ",\"changed\":[\"display_name\",\"domains\",\"client_secret\"]}"),
                event(new IdentityProviderChange.Deleted(ENTRA), "oid.identity_provider.deleted", PROVIDER, TENANT, PROVIDER_DATA + "}"),
                // --- end of issue 18, identity providers ---
                // issue 18, federation: the provider by id and alias, never a token nor the provider's subject
                event(new FederationEvent.SignedIn(TENANT, USER, PROVIDER, "corp", true, true), "oid.user.federated_sign_in", USER, TENANT, """
                        {"tenant_id":"%s","user_id":"%s","provider_id":"%s","provider_alias":"corp","created":true,"linked":true}"""
                        .formatted(TENANT, USER, PROVIDER)),
                event(new FederationEvent.Linked(TENANT, USER, PROVIDER, "corp", "email"), "oid.user.linked", USER, TENANT, """
                        {"tenant_id":"%s","user_id":"%s","provider_id":"%s","provider_alias":"corp","by":"email"}"""
                        .formatted(TENANT, USER, PROVIDER)),

                event(new TokenIssued(TENANT, "billing-service", Optional.empty(), "client_credentials", "jti-1", NOW, LATER),
                        "oid.token.issued", "billing-service", TENANT, """
                        {"tenant_id":"%s","client_id":"billing-service","grant_type":"client_credentials","jti":"jti-1",\
                        "expires_at":"2026-12-07T11:00:00Z"}""".formatted(TENANT)),
                event(new TokenIssued(TENANT, "web", Optional.of(USER), "refresh_token", "jti-2", NOW, LATER),
                        "oid.token.issued", USER, TENANT, """
                        {"tenant_id":"%s","client_id":"web","user_id":"%s","grant_type":"refresh_token","jti":"jti-2",\
                        "expires_at":"2026-12-07T11:00:00Z"}""".formatted(TENANT, USER)),
                event(new TokenRevoked(TENANT, "web", "jti-2", NOW, LATER), "oid.token.revoked", "web", TENANT, """
                        {"tenant_id":"%s","client_id":"web","jti":"jti-2","expires_at":"2026-12-07T11:00:00Z"}""".formatted(TENANT)));
    }

    private static Arguments event(OidEvent event, String type, Object subject, Object tenantId, String data) {
        return Arguments.of(event, type, subject.toString(), tenantId.toString(), data.strip());
    }

    @ParameterizedTest(name = "{1} {0}")
    @MethodSource("events")
    void eachEventIsTheCloudEventOfTheReadmesTable(OidEvent event, String type, String subject, String tenantId, String data)
            throws IOException {
        ObjectNode json = (ObjectNode) JSON.readTree(Events.toJson(CloudEvent.of(SOURCE, event, NOW)));

        assertThat(json.path("specversion").asText()).isEqualTo("1.0");
        assertThat(UUID.fromString(json.path("id").asText())).isNotNull();
        assertThat(json.path("source").asText()).isEqualTo(SOURCE);
        assertThat(json.path("time").asText()).isEqualTo("2026-12-07T10:00:00Z");
        assertThat(json.path("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(json.path("type").asText()).isEqualTo(type);
        assertThat(json.path("subject").asText()).isEqualTo(subject);
        assertThat(json.path("tenantid").asText()).isEqualTo(tenantId);
        // as text: the fields, their values and their order
        assertThat(JSON.writeValueAsString(json.path("data"))).isEqualTo(JSON.writeValueAsString(JSON.readTree(data)));
        assertThat(json.fieldNames()).toIterable().containsExactly(
                "specversion", "id", "source", "type", "time", "subject", "tenantid", "datacontenttype", "data");
    }

    @Test
    void everyRecordOfEveryFamilyIsCoveredAbove() {
        Set<Class<?>> covered = new LinkedHashSet<>();
        events().forEach(arguments -> covered.add(arguments.get()[0].getClass()));

        assertThat(covered).containsExactlyInAnyOrderElementsOf(records(OidEvent.class));
    }

    @Test
    void theTypesAreExactlyThoseOfTheDocumentedTable() throws IOException {
        Set<String> types = new LinkedHashSet<>();
        events().forEach(arguments -> types.add((String) arguments.get()[1]));

        assertThat(types).containsExactlyInAnyOrderElementsOf(documentedTypes());
    }

    /** No record can carry an untyped payload, nor anything named like a secret. */
    @Test
    void recordsHoldOnlyTypedFactsAndNoSecret() {
        for (Class<?> record : records(OidEvent.class)) {
            for (RecordComponent component : components(record)) {
                assertThat(component.getType()).as(record.getName() + "." + component.getName())
                        .isNotEqualTo(Object.class).matches(type -> !Map.class.isAssignableFrom(type), "not a map");
                assertThat(component.getName().toLowerCase()).as(record.getName())
                        .doesNotContain("secret").doesNotContain("password").doesNotContain("hash");
            }
        }
    }

    /** The components of a record and of the facts records it holds. */
    private static List<RecordComponent> components(Class<?> record) {
        List<RecordComponent> all = new ArrayList<>();
        for (RecordComponent component : record.getRecordComponents()) {
            all.add(component);
            if (component.getType().isRecord()) {
                all.addAll(components(component.getType()));
            }
        }
        return all;
    }

    private static Set<Class<?>> records(Class<?> sealed) {
        Set<Class<?>> records = new LinkedHashSet<>();
        for (Class<?> permitted : sealed.getPermittedSubclasses()) {
            if (permitted.isRecord()) {
                records.add(permitted);
            } else {
                records.addAll(records(permitted));
            }
        }
        return records;
    }

    /**
     * The types of the event table: "`oid.tenant.created`, `.updated`" names two. The table is in
     * the README's Events section, or in docs/ once the README is split (issue 14, item 9).
     */
    private static Set<String> documentedTypes() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(Path.of("README.md")));
        if (Files.isDirectory(Path.of("docs"))) {
            try (Stream<Path> docs = Files.list(Path.of("docs"))) {
                docs.filter(path -> path.toString().endsWith(".md")).forEach(documents::add);
            }
        }
        List<String> rows = new ArrayList<>();
        for (Path document : documents) {
            Files.readString(document).lines().filter(line -> line.startsWith("| `oid.")).forEach(rows::add);
        }
        Set<String> types = new LinkedHashSet<>();
        for (String line : rows) {
            String family = null;
            Matcher names = Pattern.compile("`([a-z._]+)`").matcher(line.substring(0, line.indexOf(" |", 2)));
            while (names.find()) {
                String name = names.group(1);
                String type = name.startsWith(".") ? family + name : name;
                family = type.substring(0, type.lastIndexOf('.'));
                types.add(type);
            }
        }
        return types;
    }
}
