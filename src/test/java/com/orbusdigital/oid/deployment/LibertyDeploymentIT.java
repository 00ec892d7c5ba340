package com.orbusdigital.oid.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * oid-ee.war in Open Liberty with servlet and CDI only, configured by environment variables only,
 * keeps the deployment contract on a fresh database (its migrations found through Liberty's class
 * loader) and after a restart, and Liberty logs no error on the way. Opt-in (mvn verify
 * -Papp-servers), as Liberty is slower to start than Tomcat.
 */
@Tag("app-servers")
class LibertyDeploymentIT {

    @Test
    void oidEeWarKeepsTheContractOnOpenLiberty() throws Exception {
        LibertyServer liberty = new LibertyServer("deployment", ServerDirectories.eeWar());

        DeploymentContract.holds(liberty);

        assertThat(liberty.logLines()).as("Open Liberty's console").noneMatch(line -> line.startsWith("[ERROR"));
    }
}
