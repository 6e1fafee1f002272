package dev.roster.shared.export;

import dev.roster.shared.log.Log;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.job.ExportSpec;
import dev.roster.shared.job.FailurePoint;
import dev.roster.shared.job.Job;
import dev.roster.shared.job.JobRunner;
import dev.roster.shared.job.JobStore;
import dev.roster.shared.job.WorkResult;
import dev.roster.shared.json.Json;
import dev.roster.shared.user.User;
import dev.roster.shared.user.UserStore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;

/**
 * Performs one delivery of an export job (claimed by {@link JobRunner}): streams the store's matching users through
 * gzip into one S3 multipart upload and completes the job with the object key. A redelivery starts its segment over
 * and overwrites the same parts and key, so duplicates never produce a second or partial file.
 * <p>An export that would outlast its invocation stops at a checkpoint: it ends the current gzip member (a gzip file
 * may hold several), keeps the completed parts and stores the bytes not yet a part, and returns where the scan
 * stopped; the runner saves that and enqueues the next segment, which resumes the same upload in a new invocation.
 */
public final class ExportWorker implements JobRunner.Work {

    static final int PROGRESS_EVERY = 5_000;
    static final int FAILURE_POINT_EVERY = 1_000;
    /** How often (in users visited) the worker asks whether its segment should end. */
    static final int BUDGET_CHECK_EVERY = 1_000;

    private final JobStore jobs;
    private final UserStore users;
    private final S3Client s3;
    private final String bucket;
    private final Clock clock;
    private final int partSize;
    private final Duration segmentBudget;
    private final FailurePoint failurePoint;

    public ExportWorker(JobStore jobs, UserStore users, S3Client s3, String bucket, Clock clock,
                        int partSize, Duration segmentBudget, FailurePoint failurePoint) {
        this.jobs = jobs;
        this.users = users;
        this.s3 = s3;
        this.bucket = bucket;
        this.clock = clock;
        this.partSize = partSize;
        this.segmentBudget = segmentBudget;
        this.failurePoint = failurePoint;
    }

    /** The S3 key of a job's file: named after the user store, as Auth0 names it after the tenant. */
    public static String objectKey(Job job) {
        String extension = ExportSpec.CSV.equals(job.format()) ? ".csv.gz" : ".ndjson.gz";
        return "exports/" + job.userStoreId() + "/" + job.jobId() + "/" + job.userStoreId() + extension;
    }

    /** Where a segment resumes: after a user, with the written count, the upload's parts and its pending bytes. */
    record Checkpoint(String afterUserId, long written, List<CompletedPart> parts, String pendingKey) {

        String toJson() {
            return Json.write(gen -> {
                gen.writeStartObject();
                gen.writeStringField("AfterUserId", afterUserId);
                gen.writeNumberField("Written", written);
                gen.writeStringField("PendingKey", pendingKey);
                Json.writeObjectArray(gen, "Parts", parts, (g, part) -> {
                    g.writeNumberField("PartNumber", part.partNumber());
                    g.writeStringField("ETag", part.eTag());
                });
                gen.writeEndObject();
            });
        }

        static Checkpoint fromJson(String json) {
            JsonNode node = Json.parseObject(json);
            List<CompletedPart> parts = new ArrayList<>();
            for (JsonNode part : node.get("Parts")) {
                parts.add(CompletedPart.builder().partNumber(part.get("PartNumber").asInt())
                        .eTag(part.get("ETag").asText()).build());
            }
            JsonNode pending = node.get("PendingKey");
            return new Checkpoint(node.get("AfterUserId").asText(), node.get("Written").asLong(), List.copyOf(parts),
                    pending == null || pending.isNull() ? null : pending.asText());
        }
    }

    @Override
    public WorkResult perform(Job job, int attempt, LongSupplier remainingMillis) {
        ExportSpec spec = ExportSpec.fromStored(job.spec());
        String key = objectKey(job);
        Checkpoint from = job.checkpoint() == null ? null : Checkpoint.fromJson(job.checkpoint());
        String uploadId;
        MultipartUploadStream.State state;
        if (from == null) {
            if (job.uploadId() != null) {
                abortQuietly(key, job.uploadId());
            }
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)
                    .contentType(ExportSpec.CSV.equals(spec.format()) ? "text/csv" : "application/x-ndjson")
                    .contentDisposition("attachment; filename=\"" + key.substring(key.lastIndexOf('/') + 1) + "\""))
                    .uploadId();
            if (!jobs.recordUpload(job, attempt, uploadId)) {
                abortQuietly(key, uploadId);
                throw new JobRunner.SupersededException();
            }
            state = new MultipartUploadStream.State(List.of(), new byte[0]);
        } else {
            // A later segment, or a retry of one: the same upload, from the saved parts (a retry re-sends the same
            // part numbers, which S3 replaces).
            uploadId = job.uploadId();
            byte[] pending = from.pendingKey() == null ? new byte[0]
                    : s3.getObjectAsBytes(b -> b.bucket(bucket).key(from.pendingKey())).asByteArray();
            state = new MultipartUploadStream.State(from.parts(), pending);
        }
        long deadline = JobRunner.segmentDeadline(clock, segmentBudget, remainingMillis);
        Segment segment = new Segment(job, attempt, spec, from, deadline);
        MultipartUploadStream.State reached = null;
        try (MultipartUploadStream out = MultipartUploadStream.resume(s3, bucket, key, uploadId, partSize, state)) {
            GZIPOutputStream gzip = fastGzip(out);
            try (UserExportWriter writer = UserExportWriter.of(spec, gzip, from != null)) {
                segment.writeUsers(writer);
            }
            gzip.finish();
            if (segment.stoppedAfter != null) {
                reached = out.checkpoint();
            } else {
                failurePoint.reached(job, "before-complete", segment.written);
                out.complete();
            }
        } catch (IOException e) {
            abortQuietly(key, uploadId);
            throw new UncheckedIOException(e);
        } catch (JobRunner.SupersededException e) {
            throw e;
        } catch (RuntimeException e) {
            if (from == null) {
                abortQuietly(key, uploadId);
            }
            throw e;
        }
        // The previous segment's pending bytes stay until the outcome is saved: a newer checkpoint's parts or pending
        // object, or the complete file, holds them then.
        Runnable deletePrevious = () -> deleteQuietly(from == null ? null : from.pendingKey());
        if (reached != null) {
            // Outside the abort-on-failure scope above: once a checkpoint is saved, later segments own the upload.
            return new WorkResult.Stopped(checkpoint(job, key, reached, segment).toJson(), segment.written,
                    deletePrevious);
        }
        failurePoint.reached(job, "after-upload", segment.written);
        // A newer delivery that took the job over writes the same complete file.
        return WorkResult.Completed.export(key, segment.written, deletePrevious);
    }

    private void deleteQuietly(String key) {
        if (key == null) {
            return;
        }
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (RuntimeException e) {
            // the bucket's one-day lifecycle rule removes it anyway
            Log.warn("Could not delete " + key + "; the bucket's lifecycle rule will.", e);
        }
    }

    /** Where the next segment resumes; the bytes not yet a part are stored first, for the checkpoint to name. */
    private Checkpoint checkpoint(Job job, String key, MultipartUploadStream.State state, Segment segment) {
        String pendingKey = null;
        if (state.pending().length > 0) {
            pendingKey = key + ".pending-" + (job.segment() + 1);
            String target = pendingKey;
            s3.putObject(b -> b.bucket(bucket).key(target), RequestBody.fromBytes(state.pending()));
        }
        return new Checkpoint(segment.stoppedAfter, segment.written, state.parts(), pendingKey);
    }

    /** One invocation's share of the scan. */
    private final class Segment {
        final Job job;
        final int attempt;
        final ExportSpec spec;
        final Checkpoint from;
        final long deadline;
        long written;
        String stoppedAfter;

        Segment(Job job, int attempt, ExportSpec spec, Checkpoint from, long deadline) {
            this.job = job;
            this.attempt = attempt;
            this.spec = spec;
            this.from = from;
            this.deadline = deadline;
            this.written = from == null ? 0 : from.written();
        }

        void writeUsers(UserExportWriter writer) {
            Predicate<User> keep = spec.matcher();
            long limit = spec.limit() == null ? Long.MAX_VALUE : spec.limit();
            if (written >= limit) {
                return;
            }
            long[] visited = {0};
            users.forEachAfter(job.userStoreId(), from == null ? null : from.afterUserId(), user -> {
                if (keep.test(user)) {
                    try {
                        writer.write(user);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    long count = ++written;
                    if (count % FAILURE_POINT_EVERY == 0) {
                        failurePoint.reached(job, "users", count);
                    }
                    if (count % PROGRESS_EVERY == 0 && !jobs.recordProgress(job, attempt, count)) {
                        throw new JobRunner.SupersededException();
                    }
                    if (count >= limit) {
                        return false;
                    }
                }
                if (++visited[0] % BUDGET_CHECK_EVERY == 0 && clock.millis() >= deadline) {
                    stoppedAfter = user.userId();
                    return false;
                }
                return true;
            });
        }
    }

    /**
     * Gzip at level 1: the compressor is the export's one serial stage, and level 1 is several times faster than the
     * default for a file that is still a fraction of the raw size (user records repeat their field names).
     */
    static GZIPOutputStream fastGzip(java.io.OutputStream out) throws IOException {
        return new GZIPOutputStream(out, 64 * 1024) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_SPEED);
            }
        };
    }

    private void abortQuietly(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (NoSuchUploadException gone) {
            // already completed or aborted
        } catch (RuntimeException e) {
            // The bucket's lifecycle rule aborts incomplete uploads after a day; log and go on.
            Log.warn("Could not abort upload " + uploadId + "; the bucket's lifecycle rule will.", e);
        }
    }
}
