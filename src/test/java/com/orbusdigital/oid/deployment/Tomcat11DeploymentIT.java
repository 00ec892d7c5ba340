package com.orbusdigital.oid.deployment;

import com.orbusdigital.oid.testing.StandaloneTomcat;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** oid.war as ROOT.war in Tomcat 11 (the pom's tomcat11.version) with the distribution's own configuration. */
class Tomcat11DeploymentIT {

    @Test
    void oidWarOnAStockTomcat11HoldsTheDeploymentContract() throws Exception {
        DeploymentContract.holds(StandaloneTomcat.stock("tomcat11", Path.of(System.getProperty("tomcat11.home"))));
    }
}
