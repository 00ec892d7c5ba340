package com.orbusdigital.oid.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FederatedAccountsTest {

    static UpstreamProvider provider(Optional<String> rolesClaim, Map<String, List<String>> mappings) {
        return new UpstreamProvider(UUID.randomUUID(), UUID.randomUUID(), "corp", "Corp", true, "https://idp.example", true,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "oid", UpstreamProvider.ClientAuth.NONE,
                Optional.empty(), List.of("email", "profile"), "preferred_username", "email", "name", rolesClaim, mappings, true, false,
                false, false, 0, Instant.EPOCH);
    }

    private static UpstreamIdentity identity(Map<String, Object> claims) {
        return new UpstreamIdentity("sub-123", claims, List.of(), Optional.empty());
    }

    private static final UpstreamProvider PLAIN = provider(Optional.empty(), Map.of());

    @Test
    void theUsernameIsTheUsernameClaimInItsEnforcedForm() {
        assertThat(FederatedAccounts.username(PLAIN, identity(Map.of("preferred_username", "Grace", "email", "g@corp.example"))))
                .contains("grace");
    }

    @Test
    void withoutAValidUsernameClaimTheEmailThenTheSubjectServe() {
        assertThat(FederatedAccounts.username(PLAIN, identity(Map.of("email", "Grace@corp.example")))).contains("grace@corp.example");
        assertThat(FederatedAccounts.username(PLAIN, identity(Map.of("preferred_username", "  ", "email", 42)))).contains("42");
        assertThat(FederatedAccounts.username(PLAIN, identity(Map.of("preferred_username", "-bad name!")))).contains("sub-123");
    }

    @Test
    void noValidCandidateGivesNoUsername() {
        UpstreamIdentity odd = new UpstreamIdentity("!!!", Map.of("preferred_username", "аdmin\u0061"), List.of(), Optional.empty());
        assertThat(FederatedAccounts.username(PLAIN, odd)).isEmpty();
    }

    @Test
    void rolesComeFromTheClaimThroughTheMappingsAsAStringOrAList() {
        UpstreamProvider mapped = provider(Optional.of("groups"), Map.of("auditors", List.of("auditor", "reader"),
                "devs", List.of("developer"), "root", List.of("oid-admin")));
        assertThat(FederatedAccounts.granted(mapped, identity(Map.of("groups", List.of("auditors", "unmapped")))))
                .containsExactlyInAnyOrder("auditor", "reader");
        assertThat(FederatedAccounts.granted(mapped, identity(Map.of("groups", "devs")))).containsExactly("developer");
        assertThat(FederatedAccounts.granted(mapped, identity(Map.of()))).isEmpty();
        assertThat(FederatedAccounts.granted(mapped, identity(Map.of("groups", 7)))).isEmpty();
    }

    @Test
    void oidsOwnRolesAreNeverGivenNorTakenByAProvider() {
        UpstreamProvider mapped = provider(Optional.of("groups"), Map.of("root", List.of("oid-admin", "tenant-admin")));
        assertThat(FederatedAccounts.granted(mapped, identity(Map.of("groups", "root")))).containsExactly("tenant-admin");
        assertThat(FederatedAccounts.mappable(mapped)).containsExactly("tenant-admin");
    }

    @Test
    void withoutARolesClaimNoRoleIsMappableSoNoneIsTouched() {
        UpstreamProvider unmapped = provider(Optional.empty(), Map.of("auditors", List.of("auditor")));
        assertThat(FederatedAccounts.mappable(unmapped)).isEmpty();
        assertThat(FederatedAccounts.granted(unmapped, identity(Map.of("groups", "auditors")))).isEmpty();
    }
}
