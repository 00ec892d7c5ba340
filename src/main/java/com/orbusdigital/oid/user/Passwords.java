package com.orbusdigital.oid.user;

import com.orbusdigital.oid.admin.ProblemException;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.user.password.PasswordHasher;
import com.orbusdigital.oid.user.password.PasswordPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.stream.Collectors;

/** Password policy and hashing as the rest of OID uses them (OID_PASSWORD_MIN_LENGTH). */
@ApplicationScoped
public class Passwords {

    private PasswordHasher hasher;
    private PasswordPolicy policy;

    protected Passwords() {
        // for the CDI proxy
    }

    @Inject
    public Passwords(OidConfig config) {
        this.hasher = new PasswordHasher();
        this.policy = new PasswordPolicy(config.passwordMinLength());
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

    public PasswordHasher hasher() {
        return hasher;
    }
}
