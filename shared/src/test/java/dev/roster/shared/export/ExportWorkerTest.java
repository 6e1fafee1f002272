package dev.roster.shared.export;

import dev.roster.shared.fakes.JobFakes;
import dev.roster.shared.job.FailurePoint;
import dev.roster.shared.job.Job;
import dev.roster.shared.job.JobRunner;
import dev.roster.shared.json.Json;
import dev.roster.shared.user.User;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Exports through JobRunner against in-memory users, jobs, S3 and queue. */
class ExportWorkerTest {

    private static final String STORE = JobFakes.STORE;
    private static final Duration NO_BUDGET = Duration.ZERO;
    private static final Duration AN_HOUR = Duration.ofHours(1);

    private final JobFakes fakes = new JobFakes();

    private void givenUsers(int count) {
        for (int i = 1; i <= count; i++) {
            fakes.users.insert(User.builder(STORE, String.format("u%05d", i)).userName(String.format("name-%05d", i))
                    .createdAt(fakes.clock.millis()).build());
        }
    }

    /** A pending export of the whole store, as NDJSON, and its first message sent. */
    private Job givenExport(long createdOffset) {
        return givenExport(createdOffset, "NDJSON", "{\"Format\":\"NDJSON\"}");
    }

    /** A pending export with this stored spec, and its first message sent. */
    private Job givenExport(long createdOffset, String format, String spec) {
        long now = fakes.clock.millis() + createdOffset;
        return fakes.enqueued(Job.pending(STORE, JobFakes.jobId(now), Job.EXPORT_USER, format, now,
                now + Duration.ofHours(24).toMillis(), spec, null));
    }

    private ExportWorker worker(Duration segmentBudget) {
        return new ExportWorker(fakes.jobs, fakes.users, fakes.s3, JobFakes.BUCKET, fakes.clock,
                MultipartUploadStream.MIN_PART_SIZE, segmentBudget, FailurePoint.NONE);
    }

    private JobRunner runner(Duration segmentBudget) {
        return new JobRunner(fakes.jobs, fakes.queue, fakes.clock, 3, Map.of(Job.EXPORT_USER, worker(segmentBudget)),
                job -> { });
    }

    private List<String> exportedLines(Job job) {
        byte[] gzipped = fakes.s3.object(fakes.stored(job).objectKey());
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aSmallStoreIsExportedInOneSegment() {
        // GIVEN
        givenUsers(3);
        Job job = givenExport(0);

        // WHEN
        int deliveries = fakes.queue.deliverAll(runner(AN_HOUR));

        // THEN one gzip'd NDJSON file, a line a user in listing order, and nothing else left in S3
        assertEquals(1, deliveries);
        Job done = fakes.stored(job);
        assertEquals(Job.COMPLETED, done.status());
        assertEquals(3, done.progress());
        assertEquals(ExportWorker.objectKey(job), done.objectKey());
        List<String> lines = exportedLines(job);
        assertEquals(List.of("name-00001", "name-00002", "name-00003"),
                lines.stream().map(line -> Json.parseObject(line).get("UserName").asText()).toList());
        assertEquals(Set.of(done.objectKey()), fakes.s3.keys());
        assertEquals(0, fakes.s3.openUploads());
        assertNull(done.uploadId());
    }

    @Test
    void aStoreWithNoUsersExportsTheGzipOfNothingOrACsvHeaderRow() {
        // GIVEN a store with no users, and an NDJSON and a CSV export of it
        Job ndjson = givenExport(0);
        Job csv = givenExport(1, "CSV", "{\"Format\":\"CSV\",\"ExportPropertyMaps\":[{\"UserPropertyCode\":"
                + "\"UserName\",\"ColumnName\":\"name\"},{\"UserPropertyCode\":\"Email\",\"ColumnName\":\"Email\"}]}");

        // WHEN
        fakes.queue.deliverAll(runner(AN_HOUR));

        // THEN both complete with no user written: an empty NDJSON file, a CSV file of its header row alone
        assertEquals(Job.COMPLETED, fakes.stored(ndjson).status());
        assertEquals(0, fakes.stored(ndjson).progress());
        assertEquals(List.of(), exportedLines(ndjson));
        assertEquals(Job.COMPLETED, fakes.stored(csv).status());
        assertEquals(List.of("name,Email"), exportedLines(csv));
        assertEquals(0, fakes.s3.openUploads());
    }

    @Test
    void anExportAcrossSegmentsHasTheSameContentAsOneSegment() {
        // GIVEN a store of 2,500 users, exported once in one segment
        givenUsers(2_500);
        Job whole = givenExport(0);
        fakes.queue.deliverAll(runner(AN_HOUR));

        // WHEN it is exported again by segments that each stop at their first chance (every 1,000 users)
        Job segmented = givenExport(1);
        int deliveries = fakes.queue.deliverAll(runner(NO_BUDGET));

        // THEN three segments made one file with the same lines, and no pending bytes or upload are left
        assertEquals(3, deliveries);
        assertEquals(Job.COMPLETED, fakes.stored(segmented).status());
        assertEquals(2_500, fakes.stored(segmented).progress());
        assertEquals(2, fakes.stored(segmented).segment());
        assertEquals(2_500, exportedLines(segmented).size());
        assertEquals(exportedLines(whole), exportedLines(segmented));
        assertEquals(Set.of(fakes.stored(whole).objectKey(), fakes.stored(segmented).objectKey()), fakes.s3.keys());
        assertEquals(0, fakes.s3.openUploads());
    }

    @Test
    void aDeliveryOvertakenBeforeItRecordsItsUploadWritesNothing() {
        // GIVEN a delivery's claim, then a newer delivery's
        givenUsers(3);
        Job job = givenExport(0);
        Job claimed = fakes.jobs.claim(STORE, job.jobId(), 0, 1, fakes.clock.millis(), null).orElseThrow();
        fakes.jobs.claim(STORE, job.jobId(), 0, 2, fakes.clock.millis(), null).orElseThrow();

        // WHEN the older delivery runs
        assertThrows(JobRunner.SupersededException.class,
                () -> worker(AN_HOUR).perform(claimed, 1, () -> Long.MAX_VALUE));

        // THEN it stops before writing anything: no object, no upload left open, the job untouched
        assertEquals(Set.of(), fakes.s3.keys());
        assertEquals(0, fakes.s3.openUploads());
        assertEquals(Job.PROCESSING, fakes.stored(job).status());
        assertNull(fakes.stored(job).uploadId());
    }
}
