package com.orbusdigital.oid.testing;

import org.jboss.arquillian.container.test.api.DeploymentConfiguration;
import org.jboss.arquillian.container.test.spi.client.deployment.AutomaticDeployment;
import org.jboss.arquillian.test.spi.TestClass;

/**
 * The deployment of every {@link OidIT} class: the WAR that ships, as a client-side test (the tests
 * call OID over HTTP; nothing runs inside Tomcat). Registered in
 * {@code META-INF/services/org.jboss.arquillian.container.test.spi.client.deployment.AutomaticDeployment}.
 */
public class OidAutomaticDeployment implements AutomaticDeployment {

    @Override
    public DeploymentConfiguration generateDeploymentScenario(TestClass testClass) {
        if (!testClass.isAnnotationPresent(OidIT.class)) {
            return null; // not ours: Arquillian keeps looking (a @Deployment method, another service)
        }
        return new DeploymentConfiguration.DeploymentContentBuilder(OidDeployment.war())
                .withDeployment().withTestable(false).build()
                .get();
    }
}
