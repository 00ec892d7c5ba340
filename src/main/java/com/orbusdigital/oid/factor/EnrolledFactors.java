package com.orbusdigital.oid.factor;

import com.orbusdigital.oid.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/** What a user has set up beyond a password: one statement. */
@ApplicationScoped
public class EnrolledFactors {

    private static final String ENROLLED = """
            SELECT EXISTS (SELECT 1 FROM {schema}.totp_credentials WHERE user_id = :user AND confirmed_at IS NOT NULL) AS otp,
                   (SELECT count(*) FROM {schema}.webauthn_credentials WHERE user_id = :user) AS passkeys,
                   (SELECT count(*) FROM {schema}.recovery_codes WHERE user_id = :user AND used_at IS NULL) AS recovery_codes""";

    private Rows rows;

    protected EnrolledFactors() {
        // for the CDI proxy
    }

    @Inject
    public EnrolledFactors(Rows rows) {
        this.rows = rows;
    }

    public Enrolled of(UUID userId) {
        return rows.query(ENROLLED).set("user", userId)
                .one(row -> new Enrolled(row.bool("otp"), row.intValue("passkeys"), row.intValue("recovery_codes")));
    }
}
