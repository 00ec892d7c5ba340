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
 * ({@link OidDeployment}) into the real Tomcat for this class, and {@link RunningOid.Extension}
 * waits once until it is ready, then sets the class's {@link RunningOid} field before each test.
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
public @interface OidIT {}
