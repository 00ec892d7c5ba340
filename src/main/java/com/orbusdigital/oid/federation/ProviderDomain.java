package com.orbusdigital.oid.federation;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.util.Objects;
import java.util.UUID;

/**
 * One row of identity_provider_domains: an email domain that sends its users to this provider
 * (home-realm discovery). The tenant is repeated in the row so that its primary key, (tenant, domain),
 * lets a domain belong to one provider per tenant while two tenants may both claim it.
 */
@Embeddable
public class ProviderDomain {

    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;

    @Column(name = "domain", nullable = false)
    private String name;

    protected ProviderDomain() {
        // for JPA
    }

    ProviderDomain(UUID tenantId, String name) {
        this.tenantId = tenantId;
        this.name = name;
    }

    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProviderDomain that && tenantId.equals(that.tenantId) && name.equals(that.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenantId, name);
    }
}
