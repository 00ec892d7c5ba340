package com.orbusdigital.oid.testing;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR that ships (target/oid.war), deployed as ROOT so OID answers at "/" like in its image. */
public final class OidDeployment {

    private OidDeployment() {}

    public static WebArchive war() {
        File war = new File(System.getProperty("oid.war", "target/oid.war"));
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war").importFrom(war).as(WebArchive.class);
    }
}
