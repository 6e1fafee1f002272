package dev.roster.shared.job;

import dev.roster.shared.log.Log;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.time.Duration;
import java.util.Optional;

/** Import input files in the data-flow bucket: written by the API, or uploaded by clients through a presigned PUT. */
public record ImportFiles(S3Client s3, S3Presigner presigner, String bucket) {

    public static final Duration UPLOAD_VALIDITY = Duration.ofMinutes(15);

    /** Where a job's input lives; the key names the store and job, so an S3 notification identifies the job. */
    public static String keyFor(String userStoreId, String jobId) {
        return "imports/" + userStoreId + "/" + jobId + "/users.ndjson";
    }

    /**
     * Where an AUTH0 import's password-hash file lives: beside its input file (same prefix, so the same grants and
     * lifecycle rule cover it).
     */
    public static String passwordHashesKeyFor(String inputKey) {
        return inputKey.substring(0, inputKey.lastIndexOf('/') + 1) + "password-hashes.ndjson";
    }

    /** Writes a job's input file; its ETag (unquoted). */
    public String put(String key, byte[] ndjson) {
        return unquoted(s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/x-ndjson"),
                RequestBody.fromBytes(ndjson)).eTag());
    }

    /** The ETag (unquoted) of the file now at {@code key}, if there is one. */
    public Optional<String> eTag(String key) {
        try {
            return Optional.of(unquoted(s3.headObject(b -> b.bucket(bucket).key(key)).eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * An ETag as S3's notifications write it: without the quotes its HTTP headers carry (so the two compare equal).
     */
    public static String unquoted(String eTag) {
        if (eTag == null) {
            return null;
        }
        String trimmed = eTag.strip();
        return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
                ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }

    /** An ETag as an If-Match header wants it: quoted. */
    public static String quoted(String eTag) {
        return "\"" + eTag + "\"";
    }

    /**
     * Deletes an ended job's input file (plain-text passwords possibly included), and its password-hash file if any. Safe to repeat: S3 answers a key
     * that is already gone with success. A failure is logged, never thrown, so it cannot fail a job that has ended:
     * the bucket's lifecycle rule deletes what is left within two days.
     */
    public void deleteInputOf(Job job) {
        if (job.inputKey() == null) {
            return;
        }
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(job.inputKey()));
            if (job.importOptions().passwordHashes()) {
                s3.deleteObject(b -> b.bucket(bucket).key(passwordHashesKeyFor(job.inputKey())));
            }
        } catch (RuntimeException e) {
            try (Log.Scope scope = Log.with(Log.USER_STORE_ID, job.userStoreId(), Log.JOB_ID, job.jobId())) {
                Log.warn("Could not delete the job's import file; S3's lifecycle rule will.", e);
            }
        }
    }

    public String uploadUrl(String key) {
        return presigner.presignPutObject(r -> r.signatureDuration(UPLOAD_VALIDITY)
                .putObjectRequest(p -> p.bucket(bucket).key(key))).url().toString();
    }
}
