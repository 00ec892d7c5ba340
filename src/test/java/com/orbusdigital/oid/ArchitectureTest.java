package com.orbusdigital.oid;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The house as docs/architecture.md describes it: no cycles between the top-level packages, each
 * on its row of the layers ({@code web} below every capability, the protocol's values a leaf, the
 * wiring above everything), and resources → services → stores. Read from the compiled main classes
 * (not the tests).
 */
@AnalyzeClasses(packages = "com.orbusdigital.oid", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String OID = "com.orbusdigital.oid";

    /**
     * The rows of docs/architecture.md#layers, top to bottom: a top-level package uses only those on
     * the rows below its own.
     */
    private static final List<List<String>> LAYERS = List.of(
            List.of("app"),
            List.of("bootstrap"),
            List.of("account"),
            List.of("oauth"),
            List.of("federation"),
            List.of("token"),
            List.of("factor"),
            List.of("user"),
            List.of("client", "session", "mail"),
            List.of("role", "key"),
            List.of("tenant"),
            List.of("admin", "ratelimit", "health"),
            List.of("metrics"),
            List.of("event"),
            List.of("web"),
            List.of("persistence", "logging", "password"),
            List.of("config", "crypto", "protocol"));

    @ArchTest
    static final ArchRule eachPackageUsesOnlyTheRowsBelowIt = CompositeArchRule.of(rowRules());

    /** For each top-level package: no dependency on a package of its own row or of a row above. */
    private static List<ArchRule> rowRules() {
        List<ArchRule> rules = new ArrayList<>();
        for (int row = 0; row < LAYERS.size(); row++) {
            List<String> notBelow = LAYERS.subList(0, row + 1).stream().flatMap(List::stream).toList();
            for (String top : LAYERS.get(row)) {
                String[] forbidden = notBelow.stream().filter(name -> !name.equals(top)).map(name -> OID + "." + name + "..")
                        .toArray(String[]::new);
                if (forbidden.length > 0) {
                    rules.add(noClasses().that().resideInAPackage(OID + "." + top + "..")
                            .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                            .because(top + " uses only the rows below its own"));
                }
            }
        }
        return rules;
    }

    @ArchTest
    static final ArchRule everyPackageHasItsRow = classes().that().resideInAPackage(OID + "..")
            .should().resideInAnyPackage(LAYERS.stream().flatMap(List::stream).map(name -> OID + "." + name + "..")
                    .toArray(String[]::new))
            .because("a new top-level package gets its row here and in docs/architecture.md");

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

    @ArchTest
    static final ArchRule noServletContainerClass = noClasses().that().resideInAPackage(OID + "..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.catalina..", "org.apache.tomcat..", "org.eclipse.jetty..")
            .because("the one WAR runs on every servlet container (docs/deployment.md): only the Jakarta APIs");
}
