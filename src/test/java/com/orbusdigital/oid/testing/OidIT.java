package com.orbusdigital.oid.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An integration test class against OID as it ships: Arquillian deploys {@code target/oid.war}
 * ({@link OidDeployment}) into the real Tomcat, and {@link RunningOid.Extension} waits once until it
 * is ready, then sets the class's {@link RunningOid} field before each test. The deployment is shared
 * by the {@code @OidIT} classes of a run ({@link SharedDeployment}): a class sees the OID the classes
 * before it used, unless it asks for a {@link #fresh} one.
 *
 * <p>The class needs no {@code @Deployment} method: Arquillian asks its {@code AutomaticDeployment}
 * services for the deployment of a class that has none, and {@link OidAutomaticDeployment} answers
 * for classes carrying this annotation. (A {@code @Deployment} method would have to be static and on
 * the class or a superclass — Arquillian's {@code TestClass.getMethods} walks superclasses only.)
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ArquillianExtension.class) // first: it deploys in its beforeAll, before ours waits for readiness
@ExtendWith(RunningOid.Extension.class)
public @interface OidIT {

    /**
     * Whether this class needs an OID deployed for it rather than the one the earlier classes used:
     * only for what lives in OID's memory from its start (say so in a comment where it is set).
     */
    boolean fresh() default false;
}
