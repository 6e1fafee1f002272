package dev.roster.shared.job;

import dev.roster.shared.error.ConflictException;
import dev.roster.shared.error.LimitExceededException;
import dev.roster.shared.error.NotFoundException;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.fakes.JobFakes;
import dev.roster.shared.imports.source.SourceFormat;
import dev.roster.shared.json.Json;
import dev.roster.shared.user.User;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules of jobs (slots, sweeping, starting, expiry, abandoning) against in-memory stores, S3 and queue. */
class JobServiceTest {

    private static final String STORE = JobFakes.STORE;

    private final JobFakes fakes = new JobFakes();
    private final JobService service = new JobService(fakes.jobs, fakes.users, fakes.queue, null, fakes.files,
            fakes.clock);

    private String errorOf(Job job) {
        return fakes.stored(job).errorDetails().get(0).error();
    }

    private void uploadFileOf(Job job) {
        fakes.s3.put(job.inputKey(), "{\"UserName\":\"ann\"}\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aStoreHoldsAtMostTwoActiveJobs() {
        // GIVEN two jobs waiting for their files
        service.createImportUpload(STORE);
        service.createImportUpload(STORE);

        // WHEN a third is asked for
        LimitExceededException refused = assertThrows(LimitExceededException.class,
                () -> service.createImportUpload(STORE));

        // THEN
        assertEquals(LimitExceededException.DATA_FLOW_TOO_MANY_REQUESTS, refused.code());
        assertEquals(2, fakes.jobs.activeJobIds(STORE).size());
    }

    @Test
    void expiredJobsAreSweptWhenTheirSlotsAreNeededAndTheWorkersAskedToDeleteTheirFiles() {
        // GIVEN two jobs that hold the slots 25 hours later
        Job first = service.createImportUpload(STORE);
        Job second = service.createImportUpload(STORE);
        fakes.clock.advance(Duration.ofHours(25));

        // WHEN
        Job third = service.createImportUpload(STORE);

        // THEN both are failed, their files left to the workers, and the new job holds a slot
        assertEquals(Job.FAILED, fakes.stored(first).status());
        assertEquals("The job expired before it ended.", errorOf(first));
        assertEquals(Job.FAILED, fakes.stored(second).status());
        assertEquals(List.of(new JobMessage(STORE, first.jobId()), new JobMessage(STORE, second.jobId())),
                fakes.queue.sent());
        assertEquals(List.of(third.jobId()), fakes.jobs.activeJobIds(STORE));
    }

    @Test
    void anUploadNeverStartedWhileItsUrlWasValidIsSwept() {
        // GIVEN two uploads, 21 minutes old
        Job first = service.createImportUpload(STORE);
        service.createImportUpload(STORE);
        fakes.clock.advance(Duration.ofMinutes(21));

        // WHEN
        service.createImportUpload(STORE);

        // THEN
        assertEquals(Job.FAILED, fakes.stored(first).status());
        assertEquals("No import file was uploaded and started while the upload URL was valid.", errorOf(first));
    }

    @Test
    void aJobNeverHandedToTheWorkersIsSweptAfterAnHour() {
        // GIVEN two exports stored two hours ago whose enqueue was lost (so they stayed PENDING)
        long then = fakes.clock.millis() - Duration.ofHours(2).toMillis();
        Job lost = Job.pending(STORE, JobService.newJobId(then), Job.EXPORT_USER, "NDJSON", then,
                JobService.expiresAt(then), "{}", null);
        fakes.jobs.put(lost);
        fakes.jobs.put(Job.pending(STORE, JobService.newJobId(then + 1), Job.EXPORT_USER, "NDJSON", then + 1,
                JobService.expiresAt(then), "{}", null));

        // WHEN
        service.createImportUpload(STORE);

        // THEN they are failed, and nothing is sent for them (they have no file)
        assertEquals(Job.FAILED, fakes.stored(lost).status());
        assertEquals("The job was never started.", errorOf(lost));
        assertEquals(List.of(), fakes.queue.sent());
    }

    @Test
    void liveJobsKeepTheirSlots() {
        // GIVEN two started imports, 30 minutes old
        for (int i = 0; i < 2; i++) {
            Job job = service.createImportUpload(STORE);
            uploadFileOf(job);
            service.startImport(STORE, job.jobId());
        }
        fakes.clock.advance(Duration.ofMinutes(30));

        // WHEN / THEN
        assertThrows(LimitExceededException.class, () -> service.createImportUpload(STORE));
    }

    @Test
    void startingAnUploadedImportEnqueuesItOnceHoweverOftenItIsStarted() {
        // GIVEN an uploaded file
        Job job = service.createImportUpload(STORE);
        uploadFileOf(job);

        // WHEN it is started twice
        service.startImport(STORE, job.jobId());
        service.startImport(STORE, job.jobId());

        // THEN one message, and the job is pinned to the file that was there
        assertEquals(List.of(new JobMessage(STORE, job.jobId())), fakes.queue.sent());
        assertTrue(fakes.stored(job).started());
        assertEquals(fakes.files.eTag(job.inputKey()).orElseThrow(), fakes.stored(job).inputETag());
    }

    @Test
    void anImportCannotStartBeforeItsFileIsThere() {
        // GIVEN
        Job job = service.createImportUpload(STORE);

        // WHEN
        ConflictException refused = assertThrows(ConflictException.class,
                () -> service.startImport(STORE, job.jobId()));

        // THEN
        assertEquals(ConflictException.RESOURCE_UNAVAILABLE, refused.code());
        assertEquals(List.of(), fakes.queue.sent());
        assertEquals(Job.PENDING, fakes.stored(job).status());
    }

    @Test
    void expiredJobsAreAbsentFromDescribeAndList() {
        // GIVEN a job, 24 hours later (whether or not DynamoDB's TTL has deleted it yet)
        Job job = service.createImportUpload(STORE);
        assertEquals(List.of(job.jobId()), service.list(STORE).stream().map(Job::jobId).toList());
        fakes.clock.advance(JobService.RETENTION);

        // WHEN / THEN
        assertThrows(NotFoundException.class, () -> service.describe(STORE, job.jobId()));
        assertEquals(List.of(), service.list(STORE));
        assertTrue(fakes.jobs.find(STORE, job.jobId()).isPresent());
    }

    @Test
    void describingAnImportShowsItsFirstFailures() {
        // GIVEN an import completed with a failure
        Job job = service.createImportUpload(STORE);
        Job claimed = fakes.jobs.claim(STORE, job.jobId(), 0, 1, fakes.clock.millis(), null).orElseThrow();
        fakes.jobs.putFailures(claimed, List.of(new JobStore.LineFailure(3, "ann",
                "FailedOperation.UserNameAlreadyExists", "The user name is taken.")));
        fakes.jobs.complete(claimed, 1, null, 3, new Job.Counts(2, 1, 3), fakes.clock.millis());

        // WHEN
        Job described = service.describe(STORE, job.jobId());

        // THEN
        assertEquals(List.of(new Job.FailedUser("ann", "FailedOperation.UserNameAlreadyExists",
                "The user name is taken.")), described.failedUsers());
    }

    @Test
    void anAbandonedJobIsFailedAndItsInputDeleted() {
        // GIVEN an uploaded import whose every delivery failed
        Job job = service.createImportUpload(STORE);
        uploadFileOf(job);

        // WHEN
        service.abandon(STORE, job.jobId(), "The job's worker failed on every delivery.");

        // THEN
        assertEquals(Job.FAILED, fakes.stored(job).status());
        assertEquals("The job's worker failed on every delivery.", errorOf(job));
        assertNull(fakes.s3.object(job.inputKey()));
        assertEquals(List.of(), fakes.jobs.activeJobIds(STORE));
    }

    // ----- createExport, createImport, failures: the methods that take a door's request -----

    @Test
    void anExportIsStoredAndEnqueued() {
        // GIVEN a store with a user
        fakes.users.insert(User.builder(STORE, "u1").userName("ann").createdAt(fakes.clock.millis()).build());

        // WHEN
        Job job = service.createExport(STORE,
                new ExportSpec(ExportSpec.NDJSON, List.of(), List.of(), null));

        // THEN
        assertEquals(Job.PENDING, fakes.stored(job).status());
        assertEquals(List.of(new JobMessage(STORE, job.jobId())), fakes.queue.sent());
    }

    @Test
    void anExportOfAStoreWithNoUsersIsStoredAndEnqueuedLikeAnyOther() {
        // GIVEN a store nobody has written to
        // WHEN
        Job job = service.createExport("empty-store", new ExportSpec(ExportSpec.CSV, List.of(), List.of(), null));

        // THEN it is a job like any other (the worker writes its empty file), not a 404
        assertEquals(Job.PENDING, fakes.stored(job).status());
        assertEquals(List.of(new JobMessage("empty-store", job.jobId())), fakes.queue.sent());
    }

    @Test
    void aProcessingExportsProgressIsEstimatedFromTheStoresCountItsLimitAndTheTimeSoFar() {
        // GIVEN a store of 4 users, and two exports that have each written 1 user in 30 seconds, one limited to 2
        for (int i = 1; i <= 4; i++) {
            fakes.users.insert(User.builder(STORE, "u" + i).userName("n" + i).createdAt(fakes.clock.millis()).build());
        }
        Job all = service.createExport(STORE, new ExportSpec(ExportSpec.NDJSON, List.of(), List.of(), null));
        Job two = service.createExport(STORE, new ExportSpec(ExportSpec.NDJSON, List.of(), List.of(), 2L));
        assertNull(service.progress(fakes.stored(all)));
        fakes.clock.advance(Duration.ofSeconds(30));
        for (Job job : List.of(all, two)) {
            Job claimed = fakes.jobs.claim(STORE, job.jobId(), 0, 1, fakes.clock.millis(), null).orElseThrow();
            fakes.jobs.recordProgress(claimed, 1, 1);
        }

        // WHEN / THEN: the rest is assumed to go at the same pace
        assertEquals(new JobService.Progress(25, 90L), service.progress(fakes.stored(all)));
        assertEquals(new JobService.Progress(50, 30L), service.progress(fakes.stored(two)));
    }

    @Test
    void anApiImportKnowsItsSizeAndCallersIdAndAnUploadedOneHasNoEstimate() {
        // GIVEN an import of 3 records with the caller's id, and an uploaded import
        Job api = service.createImport(STORE, List.of(Json.parseObject("{\"UserName\":\"a\"}"),
                Json.parseObject("{\"UserName\":\"b\"}"), Json.parseObject("{\"UserName\":\"c\"}")), "batch-7");
        Job upload = service.createImportUpload(STORE);

        // WHEN both are running, the first with no record done yet
        Job running = fakes.jobs.claim(STORE, api.jobId(), 0, 1, fakes.clock.millis(), null).orElseThrow();
        Job uploading = fakes.jobs.claim(STORE, upload.jobId(), 0, 1, fakes.clock.millis(), null).orElseThrow();

        // THEN
        assertEquals("batch-7", fakes.stored(api).externalId());
        assertEquals(3L, fakes.stored(api).inputRecords());
        assertEquals(new JobService.Progress(0, null), service.progress(running));
        assertNull(service.progress(uploading));
    }

    @Test
    void anImportWhoseEnqueueIsLostIsFailedAndFreesItsSlot() {
        // GIVEN a queue that refuses the next message
        fakes.queue.failNextSendWith(new IllegalStateException("SQS is down"));

        // WHEN
        assertThrows(IllegalStateException.class, () -> service.createImport(STORE,
                List.of(Json.parseObject("{\"UserName\":\"ann\"}")), null));

        // THEN
        Job job = fakes.jobs.list(STORE).get(0);
        assertEquals(Job.FAILED, job.status());
        assertEquals("The job could not be queued.", job.errorDetails().get(0).error());
        assertEquals(List.of(), fakes.jobs.activeJobIds(STORE));
        assertNotNull(fakes.s3.object(job.inputKey()));
    }

    @Test
    void anImportsFailuresArePagedInInputOrder() {
        // GIVEN an import with three failures
        Job job = service.createImportUpload(STORE);
        fakes.jobs.putFailures(job, List.of(new JobStore.LineFailure(9, "c", "C", "third"),
                new JobStore.LineFailure(1, "a", "A", "first"), new JobStore.LineFailure(4, "b", "B", "second")));

        // WHEN
        JobStore.FailurePage first = service.failures(STORE, job.jobId(), 2, null);
        JobStore.FailurePage rest = service.failures(STORE, job.jobId(), 2, first.nextToken());

        // THEN
        assertEquals(List.of("a", "b"), first.failedUsers().stream().map(Job.FailedUser::failedUserIdentification)
                .toList());
        assertEquals(List.of(new Job.FailedUser("c", "C", "third")), rest.failedUsers());
        assertNull(rest.nextToken());
    }

    // ----- import options, the password-hash file, the dry-run report -----

    private static final ImportOptions AUTH0_WITH_HASHES = new ImportOptions(ImportOptions.Mode.UPSERT, false,
            SourceFormat.AUTH0, true, true);

    @Test
    void anImportKeepsItsOptions() {
        // GIVEN
        ImportOptions dryUpsert = new ImportOptions(ImportOptions.Mode.UPSERT, true, SourceFormat.ROSTER, true, false);

        // WHEN
        Job api = service.createImport(STORE, List.of(Json.parseObject("{\"UserName\":\"a\"}")), null, dryUpsert);
        Job upload = service.createImportUpload(STORE, AUTH0_WITH_HASHES);

        // THEN
        assertEquals(dryUpsert, fakes.stored(api).importOptions());
        assertEquals(AUTH0_WITH_HASHES, fakes.stored(upload).importOptions());
        assertEquals(ImportOptions.DEFAULTS, Job.pending(STORE, "j", Job.IMPORT_USER, "NDJSON", 0, 1,
                ImportOptions.DEFAULTS.toStored(), "k").importOptions());
    }

    @Test
    void recordsARequestCarriesAreRosterRecords() {
        assertThrows(InvalidRequestException.class, () -> service.createImport(STORE,
                List.of(Json.parseObject("{\"UserName\":\"a\"}")), null, AUTH0_WITH_HASHES));
    }

    @Test
    void anUploadWithAPasswordHashFileStartsOnlyOnceBothFilesAreThereAndPinsBoth() {
        // GIVEN an AUTH0 upload whose users file is there but not its password-hash file
        Job job = service.createImportUpload(STORE, AUTH0_WITH_HASHES);
        uploadFileOf(job);

        // WHEN started, THEN it waits for the second file
        ConflictException early = assertThrows(ConflictException.class, () -> service.startImport(STORE,
                job.jobId()));
        assertEquals(ConflictException.RESOURCE_UNAVAILABLE, early.code());
        assertTrue(fakes.queue.take().isEmpty());

        // WHEN the second file arrives and the job is started
        String hashesKey = ImportFiles.passwordHashesKeyFor(job.inputKey());
        assertEquals(job.inputKey().replace("users.ndjson", "password-hashes.ndjson"), hashesKey);
        String eTag = fakes.files.put(hashesKey, "{}\n".getBytes(StandardCharsets.UTF_8));
        service.startImport(STORE, job.jobId());

        // THEN it is handed to the workers, pinned to both files; abandoned, both files are deleted
        assertEquals(1, fakes.queue.take().size());
        assertEquals(eTag, fakes.stored(job).hashesETag());
        service.abandon(STORE, job.jobId(), "gave up");
        assertNull(fakes.s3.object(job.inputKey()));
        assertNull(fakes.s3.object(hashesKey));
    }

    @Test
    void onlyADryRunHasAReportAndItsPagesAreInInputOrder() {
        // GIVEN a dry run with three report lines, and a real import
        Job dry = service.createImportUpload(STORE, ImportOptions.DEFAULTS.withDryRun(true));
        Job real = service.createImportUpload(STORE);
        fakes.jobs.putReport(dry, List.of(new JobStore.ReportLine(9, "FAIL", null, "c", "C", "m", null),
                new JobStore.ReportLine(1, "INSERT", null, "a", null, null, null),
                new JobStore.ReportLine(4, "UPDATE", "u-1", "b", null, null, null)));

        // WHEN
        JobStore.ReportPage first = service.report(STORE, dry.jobId(), 2, null);
        JobStore.ReportPage rest = service.report(STORE, dry.jobId(), 2, first.nextToken());

        // THEN
        assertEquals(List.of(1L, 4L), first.lines().stream().map(JobStore.ReportLine::line).toList());
        assertEquals("C", rest.lines().get(0).code());
        assertNull(rest.nextToken());
        assertThrows(InvalidRequestException.class, () -> service.report(STORE, real.jobId(), 2, null));
        assertThrows(InvalidRequestException.class, () -> service.report(STORE, dry.jobId(), 2, "F#000000000001"));
    }

    @Test
    void anImportsOptionsFromARequestAreCheckedValueByValue() {
        // GIVEN / WHEN / THEN: unknown modes, formats and fields are refused; Auth0's own upsert is not a request's
        for (String body : List.of("{\"Mode\":\"MERGE\"}", "{\"Mode\":\"AUTH0_UPSERT\"}", "{\"DryRun\":\"yes\"}",
                "{\"SourceFormat\":\"LDIF\"}", "{\"PasswordHashes\":true}", "{\"Colour\":1}")) {
            InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                    () -> ImportOptions.fromRequest(Json.parseObject(body), java.util.Set.of(), true), body);
            assertTrue(refused.code().startsWith("InvalidParameter") || refused.code().equals("UnknownParameter"),
                    refused.code());
        }
        assertThrows(InvalidRequestException.class, () -> ImportOptions.fromRequest(
                Json.parseObject("{\"SourceFormat\":\"AUTH0\"}"), java.util.Set.of(), false));
        assertEquals(AUTH0_WITH_HASHES, ImportOptions.fromRequest(Json.parseObject("{\"Mode\":\"UPSERT\","
                + "\"SourceFormat\":\"AUTH0\",\"ReplacePasswords\":true,\"PasswordHashes\":true}"), java.util.Set.of(),
                true));
        assertEquals(AUTH0_WITH_HASHES, ImportOptions.fromStored(AUTH0_WITH_HASHES.toStored()));
    }
}
