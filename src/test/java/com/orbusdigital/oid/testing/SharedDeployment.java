package com.orbusdigital.oid.testing;

import java.io.UncheckedIOException;
import java.util.logging.Logger;
import org.jboss.arquillian.container.spi.Container;
import org.jboss.arquillian.container.spi.ContainerRegistry;
import org.jboss.arquillian.container.spi.client.deployment.Deployment;
import org.jboss.arquillian.container.spi.client.deployment.DeploymentScenario;
import org.jboss.arquillian.container.spi.event.DeployManagedDeployments;
import org.jboss.arquillian.container.spi.event.UnDeployDeployment;
import org.jboss.arquillian.container.spi.event.UnDeployManagedDeployments;
import org.jboss.arquillian.core.api.Event;
import org.jboss.arquillian.core.api.Instance;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.EventContext;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.arquillian.test.spi.TestClass;
import org.jboss.arquillian.test.spi.event.suite.AfterSuite;

/**
 * Deploys OID once per failsafe JVM rather than once per {@link OidIT} class: every such class gets
 * the same deployment ({@link OidAutomaticDeployment}, target/oid.war as ROOT), and deploying and
 * undeploying it took 11 to 16 s of each class on 2 cores (Tomcat's deployment alone 6 to 11 s:
 * Weld, Hibernate, the Kafka producer, the key ring…).
 *
 * <p>Arquillian still deploys: before each class it fires {@code DeployManagedDeployments} and after
 * it {@code UnDeployManagedDeployments} for the class's own deployment scenario (Arquillian core's
 * {@code ContainerEventController}). {@link Keeper} wraps both. The first {@code @OidIT} class deploys
 * as usual, and its {@link Deployment} becomes the shared one; at that class's end the undeployment
 * is skipped, and later {@code @OidIT} classes skip their deployment (their own scenario's deployment
 * stays undeployed, so their end undeploys nothing). The shared deployment is undeployed once, at
 * {@code AfterSuite}, before Arquillian stops Tomcat. Registered in
 * META-INF/services/org.jboss.arquillian.core.spi.LoadableExtension.
 *
 * <p>Redeployed, rather than shared, before a class when:
 * <ul>
 *   <li>the class asks for it with {@code @OidIT(fresh = true)} (it depends on a newly started OID);
 *   <li>the shared OID does not answer {@code /health/ready} with 200: an earlier class broke it, and a
 *       failing class must not leave the later ones without OID;
 *   <li>the class is not an {@code @OidIT} class (its own deployment: the shared one is undeployed
 *       first, since both would be ROOT).
 * </ul>
 * A deployment that failed is never shared: Arquillian undeploys it after its class as before.
 */
public final class SharedDeployment implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(Keeper.class);
    }

    /** Arquillian makes one per run (its Manager lives as long as the JUnit launcher session). */
    public static final class Keeper {

        private static final Logger LOG = Logger.getLogger(SharedDeployment.class.getName());

        @Inject
        private Instance<TestClass> testClass;

        @Inject
        private Instance<DeploymentScenario> scenario;

        @Inject
        private Instance<ContainerRegistry> registry;

        @Inject
        private Event<UnDeployDeployment> undeploy;

        /** The deployment every {@code @OidIT} class uses until a class needs another; null when none. */
        private Deployment shared;

        public void deploy(@Observes EventContext<DeployManagedDeployments> context) {
            OidIT oidIt = testClass.get().getJavaClass().getAnnotation(OidIT.class);
            if (oidIt != null && !oidIt.fresh() && shared != null) {
                if (answers()) {
                    return; // the shared OID serves this class too
                }
                LOG.warning(() -> "The shared OID deployment is not ready; redeploying it for " + testClass.get().getName());
            }
            undeployShared();
            context.proceed();
            if (oidIt != null) {
                for (Deployment deployment : scenario.get().deployments()) {
                    if (deployment.isDeployed() && !deployment.hasDeploymentError()) {
                        shared = deployment;
                    }
                }
            }
        }

        public void undeploy(@Observes EventContext<UnDeployManagedDeployments> context) {
            DeploymentScenario current = scenario.get(); // none when the class's deployment could not be made
            if (shared != null && current != null && current.deployments().contains(shared)) {
                return; // this class deployed the shared OID: it stays for the next classes
            }
            context.proceed();
        }

        /** Before Arquillian's own AfterSuite observer (precedence 0), which stops Tomcat. */
        public void afterSuite(@Observes(precedence = 10) AfterSuite event) {
            undeployShared();
        }

        private void undeployShared() {
            if (shared == null) {
                return;
            }
            Deployment deployment = shared;
            shared = null;
            Container container = registry.get().getContainer(deployment.getDescription().getTarget());
            if (container.getState() == Container.State.STARTED && deployment.isDeployed()) {
                undeploy.fire(new UnDeployDeployment(container, deployment));
            }
        }

        /** One look, no waiting: RunningOid.Extension waits for readiness once the class starts. */
        private static boolean answers() {
            try {
                return Http.get(RunningOid.configured().resolve("health/ready")).status() == 200;
            } catch (UncheckedIOException notListening) {
                return false;
            }
        }
    }
}
