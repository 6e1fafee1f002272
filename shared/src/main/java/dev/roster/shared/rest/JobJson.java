package dev.roster.shared.rest;

import dev.roster.shared.json.Json;
import dev.roster.shared.job.ImportOptions;
import dev.roster.shared.job.Job;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;

/** Writes the seeds' {@code Job} object, plus Progress, ExpiresAt and UserStoreId. */
public final class JobJson {

    private JobJson() {
    }

    /** The seeds' ErrorDetails (job-level errors) and FailedUsers (per-user failures) arrays. */
    public static void writeFailures(JsonGenerator gen, Job job, java.util.List<Job.FailedUser> failedUsers)
            throws IOException {
        Json.writeObjectArray(gen, "ErrorDetails", job.errorDetails(), (g, error) -> {
            g.writeStringField("UserId", error.userId());
            g.writeStringField("Error", error.error());
        });
        Json.writeObjectArray(gen, "FailedUsers", failedUsers, (g, failed) -> {
            g.writeStringField("FailedUserIdentification", failed.failedUserIdentification());
            g.writeStringField("FailedReason",
                    failed.code() == null ? failed.message() : failed.code() + ": " + failed.message());
        });
    }

    /** The Job as Tencent's door shows it: the seeds' fields and an import's Inserted, Failed and Total. */
    public static void write(JsonGenerator gen, Job job, String location) throws IOException {
        write(gen, job, location, false);
    }

    /**
     * The Job as REST shows it ({@code rest}): an import's options too (Mode, DryRun, SourceFormat, ReplacePasswords)
     * and all its counts (Updated and Skipped as well).
     */
    public static void write(JsonGenerator gen, Job job, String location, boolean rest) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("Id", job.jobId());
        gen.writeStringField("Status", job.status());
        gen.writeStringField("Type", job.type());
        gen.writeNumberField("CreatedDate", job.createdDate());
        gen.writeStringField("Format", job.format());
        gen.writeStringField("Location", location);
        writeFailures(gen, job, job.failedUsers());
        gen.writeNumberField("Progress", job.progress());
        if (rest && Job.IMPORT_USER.equals(job.type())) {
            ImportOptions options = job.importOptions();
            gen.writeStringField("Mode", options.mode().name());
            gen.writeBooleanField("DryRun", options.dryRun());
            gen.writeStringField("SourceFormat", options.sourceFormat().name());
            gen.writeBooleanField("ReplacePasswords", options.replacePasswords());
        }
        if (job.counts() != null) {
            gen.writeNumberField("Inserted", job.counts().inserted());
            if (rest) {
                gen.writeNumberField("Updated", job.counts().updated());
                gen.writeNumberField("Skipped", job.counts().skipped());
            }
            gen.writeNumberField("Failed", job.counts().failed());
            gen.writeNumberField("Total", job.counts().total());
        }
        gen.writeNumberField("ExpiresAt", job.expiresAtMillis());
        gen.writeStringField("UserStoreId", job.userStoreId());
        gen.writeEndObject();
    }
}
