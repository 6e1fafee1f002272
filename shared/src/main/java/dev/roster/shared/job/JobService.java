package dev.roster.shared.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.LimitExceededException;
import dev.roster.shared.error.NotFoundException;
import dev.roster.shared.user.UserService;
import dev.roster.shared.user.UserStore;

import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * The rules of jobs: at most two active per user store, 24 hours of life (whatever DynamoDB's lazy TTL has or has
 * not deleted yet), a fresh 60-second download link at every read of a completed export.
 */
public final class JobService {

    public static final int MAX_ACTIVE_JOBS = 2;
    public static final Duration RETENTION = Duration.ofHours(24);
    /** A job still PENDING this long after creation was never handed to a worker (its enqueue was lost). */
    static final Duration STALE_PENDING = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern JOB_ID = Pattern.compile("^[0-9a-f]{32}$");

    private final JobStore jobs;
    private final UserStore users;
    private final JobQueue queue;
    private final PresignedLocation locations;
    private final Clock clock;

    public JobService(JobStore jobs, UserStore users, JobQueue queue, PresignedLocation locations, Clock clock) {
        this.jobs = jobs;
        this.users = users;
        this.queue = queue;
        this.locations = locations;
        this.clock = clock;
    }

    public Job createExport(String userStoreId, JsonNode body) {
        UserService.checkStoreId(userStoreId);
        ExportSpec spec = ExportSpec.parse(userStoreId, body);
        if (!users.hasUsers(userStoreId)) {
            throw new NotFoundException(NotFoundException.RESOURCE_NOT_FOUND,
                    "The user store does not exist or has no users.");
        }
        long now = clock.millis();
        Job job = new Job(userStoreId, newJobId(now), Job.EXPORT_USER, Job.PENDING, spec.format(), now,
                expiresAt(now), 0, null, spec.toJson(), 0, null, List.of(), List.of());
        return start(job);
    }

    /** Takes a slot, stores the job and enqueues it; a lost enqueue fails the job so it frees its slot. */
    Job start(Job job) {
        if (!jobs.create(job, MAX_ACTIVE_JOBS) && !(freeDeadSlots(job.userStoreId()) && jobs.create(job, MAX_ACTIVE_JOBS))) {
            throw new LimitExceededException(LimitExceededException.DATA_FLOW_TOO_MANY_REQUESTS,
                    "There are already " + MAX_ACTIVE_JOBS + " active jobs; wait for one of them to end.");
        }
        try {
            queue.send(new JobMessage(job.userStoreId(), job.jobId()));
        } catch (RuntimeException e) {
            jobs.fail(job.userStoreId(), job.jobId(), "The job could not be queued.", clock.millis());
            throw e;
        }
        return job;
    }

    /** A live job of the store; an expired one is gone even while DynamoDB's TTL has not yet deleted it. */
    public Job get(String userStoreId, String jobId) {
        UserService.checkStoreId(userStoreId);
        return find(userStoreId, jobId).orElseThrow(() ->
                new NotFoundException(NotFoundException.RESOURCE_NOT_FOUND, "The job does not exist."));
    }

    public List<Job> list(String userStoreId) {
        UserService.checkStoreId(userStoreId);
        long now = clock.millis();
        return jobs.list(userStoreId).stream().filter(job -> !job.isExpired(now)).toList();
    }

    /** A fresh download link for a completed export; null for any other job. */
    public String location(Job job) {
        if (!Job.COMPLETED.equals(job.status()) || job.objectKey() == null) {
            return null;
        }
        return locations.urlFor(job.objectKey());
    }

    /** A job whose every delivery failed: FAILED with the reason, its slot freed. */
    public void abandon(String userStoreId, String jobId, String reason) {
        jobs.fail(userStoreId, jobId, reason, clock.millis());
    }

    private Optional<Job> find(String userStoreId, String jobId) {
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            return Optional.empty();
        }
        long now = clock.millis();
        return jobs.find(userStoreId, jobId).filter(job -> !job.isExpired(now));
    }

    /** Frees slots held by jobs that ended, expired or were never started; true if one was freed. */
    private boolean freeDeadSlots(String userStoreId) {
        long now = clock.millis();
        boolean freed = false;
        for (String jobId : jobs.activeJobIds(userStoreId)) {
            Optional<Job> job = jobs.find(userStoreId, jobId);
            if (job.isEmpty() || !job.get().isActive()) {
                jobs.releaseSlot(userStoreId, jobId);
                freed = true;
            } else if (job.get().isExpired(now)) {
                jobs.fail(userStoreId, jobId, "The job expired before it ended.", now);
                freed = true;
            } else if (Job.PENDING.equals(job.get().status())
                    && job.get().createdDate() + STALE_PENDING.toMillis() < now) {
                jobs.fail(userStoreId, jobId, "The job was never started.", now);
                freed = true;
            }
        }
        return freed;
    }

    /** Created + 24 h, rounded up to the second that DynamoDB's TTL attribute holds. */
    static long expiresAt(long now) {
        long end = now + RETENTION.toMillis();
        return (end + 999) / 1000 * 1000;
    }

    /** 12 hex digits of creation time then 20 random: ids sort by creation, so listings need no index. */
    static String newJobId(long now) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        return String.format("%012x", now) + HexFormat.of().formatHex(random);
    }
}
