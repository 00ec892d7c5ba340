package com.orbusdigital.oid.event;

import java.util.UUID;

/**
 * A change of identity state — a tenant, client, role or user created, changed or deleted, a
 * sign-in, a key rotation, tokens revoked. The domain fires it as a CDI event inside the
 * transaction of the change; {@link EventRelay} writes it to the outbox in that same transaction,
 * so it is published if and only if the change commits. Observers that care about a family observe
 * or test for its interface ({@link ClientChange}, {@link UserChange}, …), never a type string.
 */
public sealed interface IdentityEvent extends OidEvent
        permits TenantChange, ClientChange, RoleChange, UserChange, SignInEvent, FactorChange, Revocation, KeyRotated,
        ConsentChange, BrandingChange, ProfileChange, EmailEvent,
        InvitationEvent /* issue 17, invitations */, SignUpEvent /* issue 17, self sign-up */,
        EmailVerificationEvent /* issue 17, email verification */,
        IdentityProviderChange /* issue 18, identity providers */,
        BackChannelLogoutEvent /* issue 18, back-channel logout */,
        FederationEvent /* issue 18, sign-in through a tenant's provider */ {

    /** The record key of events that concern the whole platform rather than one tenant (a key rotation). */
    UUID PLATFORM_WIDE = new UUID(0, 0);
}
