package dev.roster.shared.fakes;

import dev.roster.shared.job.Job;
import dev.roster.shared.job.JobStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A fake job store for unit tests, with DynamoJobStore's contract in a few synchronized maps: a job's writes are
 * fenced by its attempt and status, claims by segment and expiry, and the active slots are a set per store.
 */
public final class InMemoryJobStore implements JobStore {

    /** A stored job's fields that change after creation. */
    private static final class Row {
        Job created;
        String status;
        long progress;
        String objectKey;
        int attempt;
        String uploadId;
        List<Job.ErrorDetail> errors = new ArrayList<>();
        Job.Counts counts;
        int segment;
        String checkpoint;
        String inputETag;
        boolean started;
        String hashesETag;

        Row(Job job) {
            hashesETag = job.hashesETag();
            created = job;
            status = job.status();
            progress = job.progress();
            objectKey = job.objectKey();
            attempt = job.attempt();
            uploadId = job.uploadId();
            errors.addAll(job.errorDetails());
            counts = job.counts();
            segment = job.segment();
            checkpoint = job.checkpoint();
            inputETag = job.inputETag();
            started = job.started();
        }

        Job job() {
            Job j = created;
            return new Job(j.userStoreId(), j.jobId(), j.type(), status, j.format(), j.createdDate(),
                    j.expiresAtMillis(), progress, objectKey, j.spec(), attempt, uploadId, List.copyOf(errors),
                    List.of(), j.inputKey(), counts, segment, checkpoint, inputETag, started, j.externalId(),
                    j.inputRecords(), hashesETag);
        }

        boolean active() {
            return Job.PENDING.equals(status) || Job.PROCESSING.equals(status);
        }

        /** The condition every worker write carries: this attempt still holds the job, which is running. */
        boolean heldBy(int byAttempt) {
            return attempt == byAttempt && Job.PROCESSING.equals(status);
        }
    }

    private final Map<String, Row> rows = new HashMap<>();
    private final Map<String, Set<String>> slots = new HashMap<>();
    private final Map<String, TreeMap<Long, Job.FailedUser>> failures = new HashMap<>();
    private final Map<String, TreeMap<Long, ReportLine>> reports = new HashMap<>();
    private final Map<String, String> claims = new HashMap<>();

    private static String id(String userStoreId, String jobId) {
        return userStoreId + "/" + jobId;
    }

    private Set<String> slotsOf(String userStoreId) {
        return slots.computeIfAbsent(userStoreId, s -> new LinkedHashSet<>());
    }

    private Row row(Job job) {
        return rows.get(id(job.userStoreId(), job.jobId()));
    }

    /** Stores a job as it is, slot or not: a test's way to set up any state (an old, expired or ended job, say). */
    public synchronized void put(Job job) {
        rows.put(id(job.userStoreId(), job.jobId()), new Row(job));
        if (job.isActive()) {
            slotsOf(job.userStoreId()).add(job.jobId());
        }
    }

    @Override
    public synchronized boolean create(Job job, int maxActive) {
        Set<String> taken = slotsOf(job.userStoreId());
        if (taken.size() >= maxActive || rows.containsKey(id(job.userStoreId(), job.jobId()))) {
            return false;
        }
        taken.add(job.jobId());
        rows.put(id(job.userStoreId(), job.jobId()), new Row(job));
        return true;
    }

    @Override
    public synchronized Optional<Job> find(String userStoreId, String jobId) {
        return Optional.ofNullable(rows.get(id(userStoreId, jobId))).map(Row::job);
    }

    @Override
    public synchronized List<Job> list(String userStoreId) {
        return rows.values().stream().map(Row::job).filter(job -> job.userStoreId().equals(userStoreId))
                .sorted(Comparator.comparing(Job::jobId).reversed()).toList();
    }

    @Override
    public synchronized List<String> activeJobIds(String userStoreId) {
        return List.copyOf(slotsOf(userStoreId));
    }

    @Override
    public synchronized Optional<Job> claim(String userStoreId, String jobId, int segment, int attempt, long now,
                                            String inputETag) {
        Row row = rows.get(id(userStoreId, jobId));
        // DynamoDB compares the TTL attribute, in seconds.
        if (row == null || !row.active() || row.attempt >= attempt
                || row.created.expiresAtMillis() / 1000 <= now / 1000 || row.segment != segment) {
            return Optional.empty();
        }
        row.status = Job.PROCESSING;
        row.attempt = attempt;
        if (row.inputETag == null) {
            row.inputETag = inputETag;
        }
        return Optional.of(row.job());
    }

    @Override
    public synchronized boolean pinInput(Job job, int attempt, String inputETag) {
        Row row = row(job);
        return row != null && row.inputETag == null && fenced(job, attempt, pinned -> pinned.inputETag = inputETag);
    }

    @Override
    public synchronized int checkpoint(Job job, int attempt, String checkpoint, long progress) {
        Row row = row(job);
        if (row == null || !row.heldBy(attempt)) {
            return -1;
        }
        row.checkpoint = checkpoint;
        row.progress = progress;
        row.attempt = 0;
        return ++row.segment;
    }

    /** Applies a worker's write if its attempt still holds the job; false otherwise. */
    private boolean fenced(Job job, int attempt, java.util.function.Consumer<Row> write) {
        Row row = row(job);
        if (row == null || !row.heldBy(attempt)) {
            return false;
        }
        write.accept(row);
        return true;
    }

    @Override
    public synchronized boolean recordUpload(Job job, int attempt, String uploadId) {
        return fenced(job, attempt, row -> row.uploadId = uploadId);
    }

    @Override
    public synchronized boolean recordProgress(Job job, int attempt, long progress) {
        return fenced(job, attempt, row -> row.progress = progress);
    }

    @Override
    public synchronized boolean complete(Job job, int attempt, String objectKey, long progress, Job.Counts counts,
                                         long now) {
        boolean completed = fenced(job, attempt, row -> {
            row.status = Job.COMPLETED;
            row.progress = progress;
            row.objectKey = objectKey == null ? row.objectKey : objectKey;
            row.counts = counts == null ? row.counts : counts;
            row.uploadId = null;
        });
        if (completed) {
            releaseSlot(job.userStoreId(), job.jobId());
        }
        return completed;
    }

    @Override
    public synchronized boolean markStarted(String userStoreId, String jobId, String inputETag, String hashesETag) {
        Row row = rows.get(id(userStoreId, jobId));
        if (row == null || !Job.PENDING.equals(row.status) || row.started) {
            return false;
        }
        row.started = true;
        if (row.hashesETag == null) {
            row.hashesETag = hashesETag;
        }
        if (row.inputETag == null) {
            row.inputETag = inputETag;
        }
        return true;
    }

    @Override
    public synchronized void putFailures(Job job, List<LineFailure> lineFailures) {
        TreeMap<Long, Job.FailedUser> byLine = failures.computeIfAbsent(id(job.userStoreId(), job.jobId()),
                k -> new TreeMap<>());
        for (LineFailure failure : lineFailures) {
            byLine.put(failure.line(), new Job.FailedUser(failure.identification(), failure.code(),
                    failure.message(), failure.path(), failure.record()));
        }
    }

    @Override
    public synchronized FailurePage failures(String userStoreId, String jobId, int pageSize, String nextToken) {
        TreeMap<Long, Job.FailedUser> byLine = failures.getOrDefault(id(userStoreId, jobId), new TreeMap<>());
        Map<Long, Job.FailedUser> after = nextToken == null ? byLine
                : byLine.tailMap(Long.parseLong(nextToken.substring(2)), false);
        List<Long> lines = after.keySet().stream().limit(pageSize).toList();
        List<Job.FailedUser> page = lines.stream().map(after::get).toList();
        boolean more = after.size() > lines.size();
        return new FailurePage(page, more ? String.format("F#%012d", lines.get(lines.size() - 1)) : null);
    }

    @Override
    public synchronized void putReport(Job job, List<ReportLine> lines) {
        TreeMap<Long, ReportLine> byLine = reports.computeIfAbsent(id(job.userStoreId(), job.jobId()),
                k -> new TreeMap<>());
        lines.forEach(line -> byLine.put(line.line(), line));
    }

    @Override
    public synchronized ReportPage report(String userStoreId, String jobId, int pageSize, String nextToken) {
        TreeMap<Long, ReportLine> byLine = reports.getOrDefault(id(userStoreId, jobId), new TreeMap<>());
        Map<Long, ReportLine> after = nextToken == null ? byLine
                : byLine.tailMap(Long.parseLong(nextToken.substring(2)), false);
        List<ReportLine> page = after.values().stream().limit(pageSize).toList();
        boolean more = after.size() > page.size();
        return new ReportPage(page, more ? String.format("R#%012d", page.get(page.size() - 1).line()) : null);
    }

    @Override
    public synchronized String claim(Job job, String key, String holder) {
        return claims.computeIfAbsent(id(job.userStoreId(), job.jobId()) + "/" + key, k -> holder);
    }

    @Override
    public synchronized void releaseClaim(Job job, String key, String holder) {
        claims.remove(id(job.userStoreId(), job.jobId()) + "/" + key, holder);
    }

    @Override
    public synchronized void fail(String userStoreId, String jobId, String reason, long now) {
        Row row = rows.get(id(userStoreId, jobId));
        if (row != null && row.active()) {
            row.status = Job.FAILED;
            row.errors.add(new Job.ErrorDetail(null, reason));
        }
        releaseSlot(userStoreId, jobId);
    }

    @Override
    public synchronized void releaseSlot(String userStoreId, String jobId) {
        slotsOf(userStoreId).remove(jobId);
    }
}
