package com.orbusdigital.oid.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * oid-ee.war in Payara Server 6, configured by environment variables only, keeps the deployment
 * contract on a fresh database and after a restart (with /health OID's, not Payara's), and Payara
 * logs nothing severe on the way. Opt-in (mvn verify -Papp-servers), as Payara is slower to start
 * than Tomcat.
 */
@Tag("app-servers")
class PayaraDeploymentIT {

    @Test
    void oidEeWarKeepsTheContractOnPayara() throws Exception {
        PayaraServer payara = new PayaraServer("deployment", ServerDirectories.eeWar());

        DeploymentContract.holds(payara);

        assertThat(payara.logLines()).as("Payara's console and server.log").noneMatch(line -> line.contains("SEVERE"));
    }
}
