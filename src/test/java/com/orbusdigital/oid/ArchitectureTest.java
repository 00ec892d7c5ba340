package com.orbusdigital.oid;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The house as docs/architecture.md describes it: no cycles between the top-level packages, the
 * protocol's values a leaf, the wiring above everything, {@code web} generic, and resources →
 * services → stores. Read from the compiled main classes (not the tests).
 */
@AnalyzeClasses(packages = "com.orbusdigital.oid", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String OID = "com.orbusdigital.oid";

    /** The packages of a capability: each may use web and the infrastructure, never the reverse. */
    private static final String[] DOMAIN = {
            OID + ".admin..", OID + ".app..", OID + ".bootstrap..", OID + ".client..", OID + ".event..",
            OID + ".health..", OID + ".key..", OID + ".metrics..", OID + ".oauth..", OID + ".ratelimit..",
            OID + ".role..", OID + ".session..", OID + ".tenant..", OID + ".token..", OID + ".user.."};

    /** Below every capability and web: settings, hashing and randomness, logs, passwords, the database, protocol values. */
    private static final String[] INFRASTRUCTURE = {
            OID + ".config..", OID + ".crypto..", OID + ".logging..", OID + ".password..", OID + ".persistence..",
            OID + ".protocol.."};

    @ArchTest
    static final ArchRule topLevelPackagesAreFreeOfCycles = slices().matching(OID + ".(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule protocolValuesDependOnNoOtherPackage = noClasses().that().resideInAPackage(OID + ".protocol..")
            .should().dependOnClassesThat(resideInAPackage(OID + "..").and(not(resideInAPackage(OID + ".protocol.."))))
            .because("Scope, ClaimsRequest and the OAuth error are values every layer may use");

    @ArchTest
    static final ArchRule nothingDependsOnTheWiring = noClasses().that().resideOutsideOfPackage(OID + ".app..")
            .should().dependOnClassesThat().resideInAPackage(OID + ".app..")
            .because("the application's wiring lists everything; nothing may need it back");

    @ArchTest
    static final ArchRule webIsGeneric = noClasses().that().resideInAPackage(OID + ".web..")
            .should().dependOnClassesThat(resideInAnyPackage(DOMAIN))
            .because("filters, cookies, pages and mappers serve every endpoint and know none");

    @ArchTest
    static final ArchRule infrastructureKnowsNoCapability = noClasses().that().resideInAnyPackage(INFRASTRUCTURE)
            .should().dependOnClassesThat(resideInAnyPackage(DOMAIN).or(resideInAPackage(OID + ".web..")));

    @ArchTest
    static final ArchRule everyPackageIsPlaced = classes().that().resideInAPackage(OID + "..")
            .should().resideInAnyPackage(Stream.of(DOMAIN, INFRASTRUCTURE, new String[] {OID + ".web.."})
                    .flatMap(Arrays::stream).toArray(String[]::new))
            .because("a new top-level package is placed in a layer here, and in docs/architecture.md");

    @ArchTest
    static final ArchRule theTokenEndpointKeepsOutOfTheAuthorizationEndpoint = noClasses()
            .that().resideInAPackage(OID + ".oauth.token..")
            .should().dependOnClassesThat().resideInAPackage(OID + ".oauth.authorize..")
            .because("codes and PKCE, which both use, are in oauth.code");

    @ArchTest
    static final ArchRule onlyTheWiringReachesAResource = noClasses()
            .that().resideOutsideOfPackage(OID + ".app..").and(not(simpleNameEndingWith("Resource")))
            .should().dependOnClassesThat(simpleNameEndingWith("Resource").and(resideInAPackage(OID + "..")))
            .because("resources call services; a service or a store never calls a resource");

    @ArchTest
    static final ArchRule storesCallNoService = noClasses().that().haveSimpleNameEndingWith("Repository")
            .should().dependOnClassesThat(resideInAPackage(OID + "..")
                    .and(simpleNameEndingWith("Service").or(simpleNameEndingWith("Resource"))))
            .because("a store reads and writes rows; the use case is the service's");
}
