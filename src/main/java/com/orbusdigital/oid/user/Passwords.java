package com.orbusdigital.oid.user;

import com.orbusdigital.oid.admin.ProblemException;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.password.Argon2;
import com.orbusdigital.oid.password.Argon2Parameters;
import com.orbusdigital.oid.password.PasswordHasher;
import com.orbusdigital.oid.password.PasswordPolicy;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Password policy and hashing as the rest of OID uses them (OID_PASSWORD_MIN_LENGTH). Argon2 runs in
 * libargon2 when it loads and agrees with Bouncy Castle, else in Bouncy Castle: chosen at start-up
 * (app.OidLifecycle creates this bean once the configuration is known to be valid), so the log says
 * which before the first sign-in, and released when the application stops.
 */
@ApplicationScoped
public class Passwords {

    private Argon2 argon2;
    private PasswordHasher hasher;
    private PasswordPolicy policy;

    protected Passwords() {
        // for the CDI proxy
    }

    @Inject
    public Passwords(OidConfig config) {
        this.argon2 = Argon2.fastest();
        this.hasher = new PasswordHasher(Argon2Parameters.OWASP, Runtime.getRuntime().availableProcessors(), argon2);
        this.policy = new PasswordPolicy(config.passwordMinLength());
    }

    @PreDestroy
    void stop() {
        argon2.close();
    }

    /** The hash to store, or a 400 problem naming every rule the password breaks (never the password). */
    public String accept(String password, String username, String email) {
        var violations = policy.check(password, username, email);
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(Map.of("password",
                    violations.stream().map(PasswordPolicy.Violation::message).collect(Collectors.joining("; "))));
        }
        return hasher.hash(password);
    }

    /** The rules a new password breaks (empty: acceptable), for a page to say in its own words. */
    public List<PasswordPolicy.Violation> violations(String password, String username, String email) {
        return policy.check(password, username, email);
    }

    public int minLength() {
        return policy.minLength();
    }

    public PasswordHasher hasher() {
        return hasher;
    }
}
