package com.orbusdigital.oid.deployment;

import com.orbusdigital.oid.testing.StandaloneTomcat;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** oid.war as ROOT.war in Tomcat 10.1 (the pom's tomcat.version) with the distribution's own configuration. */
class Tomcat10DeploymentIT {

    @Test
    void oidWarOnAStockTomcat10HoldsTheDeploymentContract() throws Exception {
        DeploymentContract.holds(StandaloneTomcat.stock("tomcat10", Path.of(System.getProperty("tomcat.home"))));
    }
}
