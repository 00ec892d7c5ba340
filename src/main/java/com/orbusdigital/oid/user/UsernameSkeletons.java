package com.orbusdigital.oid.user;

import com.orbusdigital.oid.persistence.AdvisoryLocks;
import com.orbusdigital.oid.persistence.DatabaseReady;
import com.orbusdigital.oid.persistence.Rows;
import com.orbusdigital.oid.persistence.UnitOfWork;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every user whose {@code username_skeleton} is NULL their {@link Usernames#skeleton}, at each
 * start-up: the users that existed before migration V10, and any that a replica of the previous version
 * created during a rolling update. OID computes skeletons, not SQL (they need ICU4J's confusables), and
 * here rather than in a Java migration, which would run once — missing the rows old replicas write
 * after it — and would tie the migration history to code that changes with ICU's data. Usually the
 * partial index finds no row, and ICU's data is not even loaded.
 * <p>
 * Oldest users first: of existing usernames that look alike, the first created keeps the skeleton (so
 * new look-alikes of it are still refused) and the later ones keep NULL, signing in as before; they
 * are named (by id) in a warning at every start. Batches of {@link #BATCH}, each a transaction under
 * an advisory lock, so replicas starting together never fill the same tenant at once.
 */
@ApplicationScoped
public class UsernameSkeletons {

    private static final Logger LOG = LoggerFactory.getLogger(UsernameSkeletons.class);
    static final int BATCH = 500;
    /** Ids named in the warning about look-alikes, at most. */
    private static final int NAMED = 20;

    /** The users without a skeleton, in batches along (created_at, id); the first batch starts before everyone. */
    private static final String MISSING = """
            SELECT id, username, created_at FROM {schema}.users
            WHERE username_skeleton IS NULL AND (created_at, id) > (CAST(:created_at AS timestamptz), CAST(:id AS uuid))
            ORDER BY created_at, id LIMIT :limit""";
    /** Only where the row still has none, and no user of its tenant has this one. */
    private static final String FILL = """
            UPDATE {schema}.users u SET username_skeleton = :skeleton
            WHERE u.id = :id AND u.username_skeleton IS NULL AND NOT EXISTS (
                SELECT 1 FROM {schema}.users o WHERE o.tenant_id = u.tenant_id AND o.username_skeleton = :skeleton)""";
    private static final Position FIRST = new Position(Instant.parse("0001-01-01T00:00:00Z"), new UUID(0, 0));

    private Rows rows;
    private UnitOfWork unitOfWork;

    protected UsernameSkeletons() {
        // for the CDI proxy
    }

    @Inject
    public UsernameSkeletons(Rows rows, UnitOfWork unitOfWork) {
        this.rows = rows;
        this.unitOfWork = unitOfWork;
    }

    /** The last row of a batch: the next batch starts after it. */
    private record Position(Instant createdAt, UUID id) {}

    private record Missing(Position position, String username) {}

    /** What one batch did. */
    private record Batch(int filled, List<UUID> lookAlikes, Position last, boolean full) {}

    void onDatabaseReady(@Observes DatabaseReady ready) {
        int filled = 0;
        List<UUID> lookAlikes = new ArrayList<>();
        Position after = FIRST;
        Batch batch;
        do {
            Position from = after;
            batch = unitOfWork.call(() -> fillBatch(from));
            filled += batch.filled();
            lookAlikes.addAll(batch.lookAlikes());
            after = batch.last();
        } while (batch.full());
        if (filled > 0) {
            LOG.info("Usernames: {} user(s) given the skeleton that finds look-alike usernames", filled);
        }
        if (!lookAlikes.isEmpty()) {
            LOG.warn("Usernames: {} user(s) created before look-alikes were refused have a username that looks like an earlier"
                    + " one of their tenant; they sign in as before (users {}{})", lookAlikes.size(),
                    lookAlikes.subList(0, Math.min(NAMED, lookAlikes.size())), lookAlikes.size() > NAMED ? ", …" : "");
        }
    }

    /**
     * One transaction. A user created at this moment with a skeleton this batch is giving makes it fail
     * on the unique index; start-up then retries (DatabaseStartup), and the batch finds the row taken.
     */
    private Batch fillBatch(Position after) {
        AdvisoryLocks.USERNAME_SKELETONS.acquire(rows);
        List<Missing> missing = rows.query(MISSING)
                .set("created_at", after.createdAt())
                .set("id", after.id())
                .set("limit", BATCH)
                .list(row -> new Missing(new Position(row.instant("created_at"), row.uuid("id")), row.string("username")));
        int filled = 0;
        List<UUID> lookAlikes = new ArrayList<>();
        Position last = after;
        for (Missing user : missing) {
            last = user.position();
            int updated = rows.query(FILL).set("id", last.id()).set("skeleton", Usernames.skeleton(user.username())).update();
            if (updated == 1) {
                filled++;
            } else {
                lookAlikes.add(last.id());
            }
        }
        return new Batch(filled, lookAlikes, last, missing.size() == BATCH);
    }
}
