package com.orbusdigital.oid.app;

import com.orbusdigital.oid.account.AccountResource;
import com.orbusdigital.oid.account.EmailVerificationAdminResource;
import com.orbusdigital.oid.account.EmailVerificationResource;
import com.orbusdigital.oid.account.ProfileResource;
import com.orbusdigital.oid.account.InvitationAdminResource;
import com.orbusdigital.oid.account.InvitationResource;
import com.orbusdigital.oid.account.PasswordResetResource;
import com.orbusdigital.oid.account.SignUpResource;
import com.orbusdigital.oid.federation.IdentityProviderAdminResource;
import com.orbusdigital.oid.token.AdminAuthenticationFilter;
import com.orbusdigital.oid.admin.OpenApiResource;
import com.orbusdigital.oid.admin.ProblemExceptionMapper;
import com.orbusdigital.oid.client.ClientAdminResource;
import com.orbusdigital.oid.factor.FactorAdminResource;
import com.orbusdigital.oid.health.HealthResource;
import com.orbusdigital.oid.key.KeyAdminResource;
import com.orbusdigital.oid.metrics.MetricsResource;
import com.orbusdigital.oid.metrics.RouteTemplateFilter;
import com.orbusdigital.oid.role.RoleAdminResource;
import com.orbusdigital.oid.tenant.BrandingResource;
import com.orbusdigital.oid.tenant.TenantAdminResource;
import com.orbusdigital.oid.token.ClientTokensAdminResource;
import com.orbusdigital.oid.token.TokenAdminResource;
import com.orbusdigital.oid.token.UserTokensAdminResource;
import com.orbusdigital.oid.user.UserAdminResource;
import com.orbusdigital.oid.oauth.discovery.DiscoveryResource;
import com.orbusdigital.oid.oauth.jwks.JwksResource;
import com.orbusdigital.oid.oauth.introspection.IntrospectionResource;
import com.orbusdigital.oid.oauth.revocation.RevocationResource;
import com.orbusdigital.oid.oauth.token.TokenResource;
import com.orbusdigital.oid.oauth.authorize.AuthorizationResource;
import com.orbusdigital.oid.oauth.authorize.LoginResource;
import com.orbusdigital.oid.oauth.authorize.FederationResource; // issue 18, federation
import com.orbusdigital.oid.oauth.authorize.UpstreamLogoutResource;
import com.orbusdigital.oid.oauth.authorize.OneTimeCodeResource;
import com.orbusdigital.oid.oauth.authorize.SignInStepResource;
import com.orbusdigital.oid.oauth.authorize.PasskeyResource;
import com.orbusdigital.oid.oauth.authorize.ConsentResource;
import com.orbusdigital.oid.oauth.consent.ConsentAdminResource;
import com.orbusdigital.oid.account.ApplicationsResource;
import com.orbusdigital.oid.oauth.userinfo.UserInfoResource;
import com.orbusdigital.oid.oauth.logout.LogoutResource;
import com.orbusdigital.oid.web.ClientAbortInterceptor;
import com.orbusdigital.oid.web.OAuthExceptionMapper;
import com.orbusdigital.oid.web.RepeatedAuthorization;
import com.orbusdigital.oid.web.UnexpectedExceptionMapper;
import com.orbusdigital.oid.web.WebApplicationExceptionMapper;
import com.orbusdigital.oid.web.page.BrowserErrorMapper;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;
import org.glassfish.jersey.jackson.JacksonFeature;

/** Every resource and provider, listed: no classpath scanning, nothing registered by accident. */
public class OidApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(
                HealthResource.class,
                MetricsResource.class,
                RouteTemplateFilter.class,
                RepeatedAuthorization.class,
                DiscoveryResource.class,
                JwksResource.class,
                TokenResource.class,
                AuthorizationResource.class,
                LoginResource.class,
                SignInStepResource.class,
                AccountResource.class,
                ProfileResource.class, // issue 17: the account's profile page
                PasswordResetResource.class,
                SignUpResource.class, // issue 17, self sign-up
                // issue 17, email verification
                EmailVerificationResource.class,
                EmailVerificationAdminResource.class,
                OneTimeCodeResource.class,
                PasskeyResource.class,
                UserInfoResource.class,
                LogoutResource.class,
                RevocationResource.class,
                IntrospectionResource.class,
                TenantAdminResource.class,
                BrandingResource.class, // issue 17, branding: the logos and accent stylesheets, public
                ClientAdminResource.class,
                RoleAdminResource.class,
                UserAdminResource.class,
                KeyAdminResource.class,
                TokenAdminResource.class,
                ClientTokensAdminResource.class,
                UserTokensAdminResource.class,
                FactorAdminResource.class,
                // issue 17, consent
                ConsentResource.class,
                ConsentAdminResource.class,
                ApplicationsResource.class,
                // issue 17, invitations
                InvitationResource.class,
                InvitationAdminResource.class,
                // issue 18, identity providers
                IdentityProviderAdminResource.class,
                // issue 18: signing in through a tenant's own provider (its callback)
                FederationResource.class,
                UpstreamLogoutResource.class,
                OpenApiResource.class,
                AdminAuthenticationFilter.class,
                ProblemExceptionMapper.class,
                JacksonFeature.class,
                OAuthExceptionMapper.class,
                BrowserErrorMapper.class,
                WebApplicationExceptionMapper.class,
                UnexpectedExceptionMapper.class,
                ClientAbortInterceptor.class);
    }

    @Override
    public Map<String, Object> getProperties() {
        return Map.of(
                "jersey.config.server.wadl.disableWadl", true,
                // JSON bodies only: no automatic discovery of other features
                "jersey.config.server.disableAutoDiscovery", true,
                "jersey.config.server.response.setStatusOverSendError", true);
    }
}
