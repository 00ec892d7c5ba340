package com.orbusdigital.oid.deployment;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** oid.war as ROOT.war in Jetty 12 (the pom's jetty.version), ee10, with only the modules OID needs. */
class Jetty12DeploymentIT {

    @Test
    void oidWarOnJetty12HoldsTheDeploymentContract() throws Exception {
        DeploymentContract.holds(new JettyServer(Path.of(System.getProperty("jetty.home")), Path.of("target", "jetty12-base"),
                Path.of(System.getProperty("oid.war"))));
    }
}
