package com.orbusdigital.oid.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.amazon.corretto.crypto.provider.SelfTestStatus;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.security.Provider;
import java.security.Security;
import java.util.concurrent.Callable;
import org.jose4j.jca.ProviderContext;
import org.jose4j.jws.JsonWebSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JCA provider that computes OID's RS256 signatures: Amazon Corretto Crypto Provider (AWS-LC,
 * native; about 2.7 times the JDK's RSA-2048 signing rate on x86-64 Linux) when it loads and its
 * self-tests pass, otherwise the JDK's own. Signing is the bulk of a token request's CPU, so this
 * sets the token endpoints' ceiling. Only signing goes through it: verification stays with the JDK.
 *
 * <p>ACCP is appended to {@link Security}'s list (jose4j asks for a provider by name), never put
 * first, so nothing else in the JVM changes provider, and it is removed again at undeploy so the
 * webapp's class loader is not pinned. Its native library can belong to one class loader at a time:
 * after a redeploy in the same JVM it may not load again, and then the JDK signs (logged), never a
 * failed deployment. An ACCP the JVM itself installed (java.security, Tomcat's lib/) is used as it
 * is and the webapp's copy is never loaded: that avoids the cleanup thread ACCP starts and never
 * ends, which keeps the class loader that loaded it.
 */
@ApplicationScoped
public class SignatureProvider {

    private static final Logger LOG = LoggerFactory.getLogger(SignatureProvider.class);
    private static final String JDK = "the JDK's default provider";
    /** ACCP's provider name; a literal, so looking for an installed ACCP does not load the webapp's copy. */
    static final String ACCP = "AmazonCorrettoCryptoProvider";

    private volatile ProviderContext context = new ProviderContext();
    private volatile String description = JDK;
    /** The provider this webapp added to {@link Security}, to be removed at undeploy; null when none. */
    private Provider added;

    public SignatureProvider() {
        // the CDI proxy uses this too: the choice is made in start(), never in a proxy
    }

    @PostConstruct
    void start() {
        use(ACCP, SignatureProvider::correttoCryptoProvider);
    }

    /** Chosen at start-up, not at the first token, so the log says at once which provider signs. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // nothing to do: being notified created the bean
    }

    /**
     * Signs through the provider registered as {@code name} when there is one (it is used as it is,
     * and left there), else through {@code candidate}'s when that yields a working one, otherwise
     * through the JDK's. A candidate reports a provider it cannot use by throwing, including the
     * {@link LinkageError}s a native library throws when it will not load.
     */
    void use(String name, Callable<Provider> candidate) {
        Provider registered = Security.getProvider(name);
        if (registered == null) {
            try {
                registered = candidate.call();
            } catch (Exception | LinkageError unavailable) {
                LOG.info("RS256 signatures by {}: Amazon Corretto Crypto Provider is unavailable ({})", JDK, unavailable.toString());
                return;
            }
            Security.addProvider(registered);
            added = registered;
        }
        ProviderContext signing = new ProviderContext();
        signing.getSuppliedKeyProviderContext().setSignatureProvider(registered.getName());
        context = signing;
        description = registered.getName() + " " + registered.getVersionStr();
        LOG.info("RS256 signatures by {}", description);
    }

    /** Makes {@code jws} sign through the chosen provider. */
    public void signWith(JsonWebSignature jws) {
        jws.setProviderContext(context);
    }

    /** Which provider signs, for logs and benchmarks, e.g. {@code AmazonCorrettoCryptoProvider 2.5.0}. */
    public String description() {
        return description;
    }

    @PreDestroy
    void stop() {
        if (added != null && Security.getProvider(added.getName()) == added) {
            Security.removeProvider(added.getName());
        }
        added = null;
        context = new ProviderContext();
        description = JDK;
    }

    /** ACCP when its native library loaded here and its self-tests pass; throws otherwise. */
    static Provider correttoCryptoProvider() {
        AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
        if (accp.getLoadingError() != null) {
            throw new IllegalStateException("its native library did not load: " + accp.getLoadingError());
        }
        SelfTestStatus selfTests = accp.runSelfTests();
        if (selfTests != SelfTestStatus.PASSED) {
            throw new IllegalStateException("its self-tests answered " + selfTests);
        }
        accp.assertHealthy();
        return accp;
    }
}
