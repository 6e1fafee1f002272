package dev.roster.shared.export;

import dev.roster.shared.job.ExportSpec;
import dev.roster.shared.job.Job;
import dev.roster.shared.job.JobRunner;
import dev.roster.shared.job.FailurePoint;
import dev.roster.shared.job.JobStore;
import dev.roster.shared.user.User;
import dev.roster.shared.user.UserStore;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;

/**
 * Performs one delivery of an export job (claimed by {@link JobRunner}): streams the store's matching users through
 * gzip into one S3 multipart upload and completes the job with the object key. A redelivery starts over and
 * overwrites the same key, so duplicates never produce a second or partial file.
 */
public final class ExportWorker implements JobRunner.Work {

    static final int PROGRESS_EVERY = 5_000;
    static final int FAILURE_POINT_EVERY = 1_000;

    private final JobStore jobs;
    private final UserStore users;
    private final S3Client s3;
    private final String bucket;
    private final Clock clock;
    private final int partSize;
    private final FailurePoint failurePoint;

    public ExportWorker(JobStore jobs, UserStore users, S3Client s3, String bucket, Clock clock, int partSize,
                        FailurePoint failurePoint) {
        this.jobs = jobs;
        this.users = users;
        this.s3 = s3;
        this.bucket = bucket;
        this.clock = clock;
        this.partSize = partSize;
        this.failurePoint = failurePoint;
    }

    /** The S3 key of a job's file: named after the user store, as Auth0 names it after the tenant. */
    public static String objectKey(Job job) {
        String extension = ExportSpec.CSV.equals(job.format()) ? ".csv.gz" : ".ndjson.gz";
        return "exports/" + job.userStoreId() + "/" + job.jobId() + "/" + job.userStoreId() + extension;
    }

    @Override
    public void perform(Job job, int attempt) {
        export(job, attempt);
    }

    private void export(Job job, int attempt) {
        ExportSpec spec = ExportSpec.fromJson(job.userStoreId(), job.spec());
        String key = objectKey(job);
        if (job.uploadId() != null) {
            abortQuietly(key, job.uploadId());
        }
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)
                .contentType(ExportSpec.CSV.equals(spec.format()) ? "text/csv" : "application/x-ndjson")
                .contentDisposition("attachment; filename=\"" + key.substring(key.lastIndexOf('/') + 1) + "\""))
                .uploadId();
        if (!jobs.recordUpload(job, attempt, uploadId)) {
            abortQuietly(key, uploadId);
            return;
        }
        long written;
        try (MultipartUploadStream out = new MultipartUploadStream(s3, bucket, key, uploadId, partSize)) {
            GZIPOutputStream gzip = fastGzip(out);
            try (UserExportWriter writer = UserExportWriter.of(spec, gzip)) {
                written = writeUsers(job, attempt, spec, writer);
            }
            gzip.finish();
            failurePoint.reached(job, "before-complete", written);
            out.complete();
        } catch (IOException e) {
            abortQuietly(key, uploadId);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            abortQuietly(key, uploadId);
            throw e;
        }
        failurePoint.reached(job, "after-upload", written);
        // False only if a newer delivery took the job over; it writes the same complete file.
        jobs.complete(job, attempt, key, written, null, clock.millis());
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

    private long writeUsers(Job job, int attempt, ExportSpec spec, UserExportWriter writer) {
        Predicate<User> keep = spec.matcher();
        long limit = spec.limit() == null ? Long.MAX_VALUE : spec.limit();
        long[] written = {0};
        users.forEach(job.userStoreId(), user -> {
            if (!keep.test(user)) {
                return true;
            }
            try {
                writer.write(user);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long count = ++written[0];
            if (count % FAILURE_POINT_EVERY == 0) {
                failurePoint.reached(job, "users", count);
            }
            if (count % PROGRESS_EVERY == 0 && !jobs.recordProgress(job, attempt, count)) {
                throw new JobRunner.SupersededException();
            }
            return count < limit;
        });
        return written[0];
    }

    private void abortQuietly(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (NoSuchUploadException gone) {
            // already completed or aborted
        } catch (RuntimeException e) {
            // The bucket's lifecycle rule aborts incomplete uploads after a day; log and go on.
            System.err.println("could not abort upload " + uploadId + ": " + e);
        }
    }

}
