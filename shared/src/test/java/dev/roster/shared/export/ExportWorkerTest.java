package dev.roster.shared.export;

import dev.roster.shared.fakes.InMemoryJobStore;
import dev.roster.shared.fakes.InMemoryS3;
import dev.roster.shared.fakes.InMemoryUserStore;
import dev.roster.shared.fakes.RecordingJobQueue;
import dev.roster.shared.fakes.TestClock;
import dev.roster.shared.job.FailurePoint;
import dev.roster.shared.job.Job;
import dev.roster.shared.job.JobMessage;
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

    private static final String STORE = "store-1";
    private static final String BUCKET = "data-flow";
    private static final Duration NO_BUDGET = Duration.ZERO;
    private static final Duration AN_HOUR = Duration.ofHours(1);

    private final TestClock clock = new TestClock();
    private final InMemoryUserStore users = new InMemoryUserStore();
    private final InMemoryJobStore jobs = new InMemoryJobStore();
    private final InMemoryS3 s3 = new InMemoryS3();
    private final RecordingJobQueue queue = new RecordingJobQueue();

    private void givenUsers(int count) {
        for (int i = 1; i <= count; i++) {
            users.insert(User.builder(STORE, String.format("u%05d", i)).userName(String.format("name-%05d", i))
                    .createdAt(clock.millis()).build());
        }
    }

    /** A pending export of the whole store, as NDJSON, and its first message sent. */
    private Job givenExport(long createdOffset) {
        long now = clock.millis() + createdOffset;
        Job job = Job.pending(STORE, String.format("%012x", now) + "00000000000000000000", Job.EXPORT_USER,
                "NDJSON", now, now + Duration.ofHours(24).toMillis(), "{\"Format\":\"NDJSON\"}", null);
        jobs.create(job, 2);
        queue.send(new JobMessage(STORE, job.jobId()));
        return job;
    }

    private ExportWorker worker(Duration segmentBudget) {
        return new ExportWorker(jobs, users, s3, BUCKET, clock, MultipartUploadStream.MIN_PART_SIZE, segmentBudget,
                FailurePoint.NONE);
    }

    private JobRunner runner(Duration segmentBudget) {
        return new JobRunner(jobs, queue, clock, 3, Map.of(Job.EXPORT_USER, worker(segmentBudget)), job -> { });
    }

    private Job stored(Job job) {
        return jobs.find(STORE, job.jobId()).orElseThrow();
    }

    private List<String> exportedLines(Job job) {
        byte[] gzipped = s3.object(stored(job).objectKey());
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
        int deliveries = queue.deliverAll(runner(AN_HOUR));

        // THEN one gzip'd NDJSON file, a line a user in listing order, and nothing else left in S3
        assertEquals(1, deliveries);
        Job done = stored(job);
        assertEquals(Job.COMPLETED, done.status());
        assertEquals(3, done.progress());
        assertEquals(ExportWorker.objectKey(job), done.objectKey());
        List<String> lines = exportedLines(job);
        assertEquals(List.of("name-00001", "name-00002", "name-00003"),
                lines.stream().map(line -> Json.parseObject(line).get("UserName").asText()).toList());
        assertEquals(Set.of(done.objectKey()), s3.keys());
        assertEquals(0, s3.openUploads());
        assertNull(done.uploadId());
    }

    @Test
    void anExportAcrossSegmentsHasTheSameContentAsOneSegment() {
        // GIVEN a store of 2,500 users, exported once in one segment
        givenUsers(2_500);
        Job whole = givenExport(0);
        queue.deliverAll(runner(AN_HOUR));

        // WHEN it is exported again by segments that each stop at their first chance (every 1,000 users)
        Job segmented = givenExport(1);
        int deliveries = queue.deliverAll(runner(NO_BUDGET));

        // THEN three segments made one file with the same lines, and no pending bytes or upload are left
        assertEquals(3, deliveries);
        assertEquals(Job.COMPLETED, stored(segmented).status());
        assertEquals(2_500, stored(segmented).progress());
        assertEquals(2, stored(segmented).segment());
        assertEquals(2_500, exportedLines(segmented).size());
        assertEquals(exportedLines(whole), exportedLines(segmented));
        assertEquals(Set.of(stored(whole).objectKey(), stored(segmented).objectKey()), s3.keys());
        assertEquals(0, s3.openUploads());
    }

    @Test
    void aDeliveryOvertakenBeforeItRecordsItsUploadWritesNothing() {
        // GIVEN a delivery's claim, then a newer delivery's
        givenUsers(3);
        Job job = givenExport(0);
        Job claimed = jobs.claim(STORE, job.jobId(), 0, 1, clock.millis(), null).orElseThrow();
        jobs.claim(STORE, job.jobId(), 0, 2, clock.millis(), null).orElseThrow();

        // WHEN the older delivery runs
        assertThrows(JobRunner.SupersededException.class,
                () -> worker(AN_HOUR).perform(claimed, 1, () -> Long.MAX_VALUE));

        // THEN it stops before writing anything: no object, no upload left open, the job untouched
        assertEquals(Set.of(), s3.keys());
        assertEquals(0, s3.openUploads());
        assertEquals(Job.PROCESSING, stored(job).status());
        assertNull(stored(job).uploadId());
    }
}
