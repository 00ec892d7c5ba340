package com.orbusdigital.oid.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hibernate.Version;
import org.junit.jupiter.api.Test;

/**
 * oid-ee.war on a stock WildFly (standalone.xml), OID configured by environment variables only:
 * WildFly's own CDI, OID's own Jersey and Hibernate.
 */
class WildFlyDeploymentIT {

    @Test
    void theFullServerArtifactHoldsTheDeploymentContractOnWildFly() throws Exception {
        WildFlyServer wildFly = new WildFlyServer("wildfly-base", ServerDirectories.eeWar());

        DeploymentContract.holds(wildFly);

        // Without jboss-deployment-structure.xml the contract holds too, but WildFly starts the persistence
        // unit itself (WFLYJPA0010) and its own Hibernate (6.6.40) shadows the WAR's and serves OID.
        List<String> hibernate = wildFly.logLines().stream()
                .filter(line -> line.contains("WFLYJPA") || line.contains("HHH000412")).toList();
        assertThat(hibernate).as("which Hibernate started, on each start").hasSize(2)
                .allMatch(line -> line.endsWith("HHH000412: Hibernate ORM core version " + Version.getVersionString()));
    }
}
