package dev.roster.shared.imports;

import dev.roster.shared.error.ConflictException;
import dev.roster.shared.fakes.JobFakes;
import dev.roster.shared.imports.source.SourceFormat;
import dev.roster.shared.job.FailurePoint;
import dev.roster.shared.job.ImportFiles;
import dev.roster.shared.job.ImportOptions;
import dev.roster.shared.job.Job;
import dev.roster.shared.job.JobMessage;
import dev.roster.shared.job.JobRunner;
import dev.roster.shared.job.JobStore;
import dev.roster.shared.json.Json;
import dev.roster.shared.security.PasswordHasher;
import dev.roster.shared.security.PasswordVerifier;
import dev.roster.shared.user.User;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Imports through JobRunner against in-memory users, jobs, S3 and queue. */
class ImportWorkerTest {

    private static final String STORE = JobFakes.STORE;
    private static final Duration NO_BUDGET = Duration.ZERO;
    private static final Duration AN_HOUR = Duration.ofHours(1);

    private final JobFakes fakes = new JobFakes();
    private FailurePoint failurePoint = FailurePoint.NONE;

    /** A started import of these lines (its file pinned), and its first message sent. */
    private Job givenImport(List<String> lines) {
        return givenImport(lines, null);
    }

    /** As above, with the import's stored options ({@link ImportOptions.AUTH0_UPSERT.toStored()} or null). */
    private Job givenImport(List<String> lines, String spec) {
        long now = fakes.clock.millis();
        String jobId = JobFakes.jobId(now);
        String key = ImportFiles.keyFor(STORE, jobId);
        String eTag = fakes.files.put(key, String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        return fakes.enqueued(Job.pending(STORE, jobId, Job.IMPORT_USER, "NDJSON", now,
                now + Duration.ofHours(24).toMillis(), spec, key).withInputETag(eTag).asStarted());
    }

    private JobRunner runner(Duration segmentBudget) {
        ImportWorker worker = new ImportWorker(fakes.jobs, fakes.users, fakes.s3, JobFakes.BUCKET,
                new PasswordHasher(PasswordHasher.MIN_ITERATIONS), fakes.clock, segmentBudget, failurePoint,
                ImportLimits.DEFAULTS);
        return new JobRunner(fakes.jobs, fakes.queue, fakes.clock, 3, Map.of(Job.IMPORT_USER, worker),
                fakes.files::deleteInputOf);
    }

    private List<Job.FailedUser> failures(Job job) {
        List<Job.FailedUser> all = new ArrayList<>();
        String token = null;
        do {
            JobStore.FailurePage page = fakes.jobs.failures(STORE, job.jobId(), 100, token);
            all.addAll(page.failedUsers());
            token = page.nextToken();
        } while (token != null);
        return all;
    }

    private static String user(String name) {
        return "{\"UserName\":\"" + name + "\"}";
    }

    /** {@code count} records, every tenth of which fails: a duplicate user name. */
    private static List<String> manyLines(int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            lines.add(user(i % 10 == 0 ? "name-" + (i - 1) : "name-" + i));
        }
        return lines;
    }

    @Test
    void validAndInvalidLinesAreCountedAndEachFailureKeepsItsCodeAndMessage() {
        // GIVEN a file with two good records, a duplicate, a line that is not JSON, a blank line, an unknown field
        Job job = givenImport(List.of(user("ann"), user("bo"), user("ann"), "not json", "",
                "{\"UserName\":\"cy\",\"Colour\":\"red\"}"));

        // WHEN
        fakes.queue.deliverAll(runner(AN_HOUR));

        // THEN
        Job done = fakes.stored(job);
        assertEquals(Job.COMPLETED, done.status());
        assertEquals(new Job.Counts(2, 3, 5), done.counts());
        assertEquals(5, done.progress());
        assertEquals(2, fakes.users.size());
        List<Job.FailedUser> failed = failures(job);
        assertEquals(List.of("ann", "line 4", "cy"), failed.stream().map(Job.FailedUser::failedUserIdentification)
                .toList());
        for (Job.FailedUser failure : failed) {
            assertTrue(failure.code().matches("[A-Za-z]+(\\.[A-Za-z]+)?"), failure.toString());
            assertTrue(!failure.message().isBlank() && !failure.message().startsWith(failure.code()),
                    failure.toString());
        }
        assertTrue(failed.get(0).code().startsWith("FailedOperation."), failed.get(0).toString());
        assertTrue(failed.get(2).message().contains("Colour"), failed.get(2).toString());
        assertNull(fakes.s3.object(job.inputKey()));
    }

    @Test
    void eachFailureKeepsItsRecordWithoutSecretsAndTheFieldAtFault() {
        // GIVEN a record with a bad email and a hashed password, a duplicate with a salt, and a record over 4 KiB
        String hash = "5f4dcc3b5aa765d61d8327deb882cf99";
        Job job = givenImport(List.of(
                "{\"UserName\":\"ann\",\"Email\":\"not-an-email\",\"Password\":\"" + hash + "\","
                        + "\"PasswordEncryptTypeEnum\":\"MD5\"}",
                user("bo"),
                "{\"UserName\":\"bo\",\"Password\":\"" + hash + "\",\"PasswordEncryptTypeEnum\":\"MD5\","
                        + "\"Salt\":{\"SaltValue\":\"pepper\",\"SaltLocation\":{\"SaltLocationTypeEnum\":\"HEAD\"}}}",
                "{\"UserName\":\"cy\",\"Nickname\":\"" + "n".repeat(3_000) + "\",\"Address\":\""
                        + "a".repeat(3_000) + "\",\"Colour\":\"red\"}"));

        // WHEN
        fakes.queue.deliverAll(runner(AN_HOUR));

        // THEN each failure names the field at fault; no hash or salt is kept anywhere
        List<Job.FailedUser> failed = failures(job);
        assertEquals(3, failed.size());
        assertEquals("Email", failed.get(0).path());
        assertEquals(Json.parseObject("{\"UserName\":\"ann\",\"Email\":\"not-an-email\","
                + "\"PasswordEncryptTypeEnum\":\"MD5\"}"), Json.parseObject(failed.get(0).record()));
        assertEquals("UserName", failed.get(1).path());
        assertEquals(Json.parseObject("{\"UserName\":\"bo\",\"PasswordEncryptTypeEnum\":\"MD5\"}"),
                Json.parseObject(failed.get(1).record()));
        // ... and the long record keeps the fields that fit in 4 KiB, whole, in order
        assertTrue(failed.get(2).record().getBytes(StandardCharsets.UTF_8).length <= 4096);
        List<String> kept = new ArrayList<>();
        Json.parseObject(failed.get(2).record()).fieldNames().forEachRemaining(kept::add);
        assertEquals(List.of("UserName", "Nickname", "Colour"), kept);
        for (Job.FailedUser failure : failed) {
            assertFalse(failure.record().contains(hash) || failure.record().contains("pepper"), failure.toString());
        }
    }

    @Test
    void anImportResumedFromCheckpointsCountsExactly() {
        // GIVEN 2,500 records, 250 of them failing
        Job job = givenImport(manyLines(2_500));

        // WHEN segments stop at their first chance (a batch boundary after every 1,000 records)
        int deliveries = fakes.queue.deliverAll(runner(NO_BUDGET));

        // THEN
        assertEquals(3, deliveries);
        Job done = fakes.stored(job);
        assertEquals(Job.COMPLETED, done.status());
        assertEquals(new Job.Counts(2_250, 250, 2_500), done.counts());
        assertEquals(2_250, fakes.users.size());
        assertEquals(250, failures(job).size());
    }

    @Test
    void aProvidersFileResumedFromCheckpointsCountsExactlyByItsRecordNumbers() {
        // GIVEN a Keycloak realm export of 2,500 users, every tenth of which fails (a user name taken in the file)
        StringBuilder realm = new StringBuilder("{\"realm\": \"acme\", \"roles\": {\"realm\": []}, \"users\": [");
        for (int i = 1; i <= 2_500; i++) {
            realm.append(i == 1 ? "" : ",").append("{\"id\": \"kc-").append(i).append("\", \"username\": \"name-")
                    .append(i % 10 == 0 ? i - 1 : i).append("\", \"enabled\": true}");
        }
        Job job = givenImport(List.of(realm.append("], \"clients\": []}").toString()),
                ImportOptions.DEFAULTS.withSourceFormat(SourceFormat.KEYCLOAK).toStored());

        // WHEN segments stop at their first chance (a batch boundary after every 1,000 records)
        int deliveries = fakes.queue.deliverAll(runner(NO_BUDGET));

        // THEN each segment read on from the record after its checkpoint: nobody twice, nobody lost
        assertEquals(3, deliveries);
        Job done = fakes.stored(job);
        assertEquals(Job.COMPLETED, done.status());
        assertEquals(new Job.Counts(2_250, 250, 2_500), done.counts());
        assertEquals(2_250, fakes.users.size());
        assertTrue(fakes.users.find(STORE, "kc-2499").isPresent());
        List<Job.FailedUser> failed = failures(job);
        assertEquals(250, failed.size());
        assertEquals(List.of("name-9", "name-19"), failed.stream().limit(2).map(Job.FailedUser::failedUserIdentification).toList());
    }

    @Test
    void aRedeliveryInsertsNobodyTwiceAndReportsNobodyTwice() {
        // GIVEN a first delivery that inserted everyone and died before completing the job
        Job job = givenImport(manyLines(100));
        failurePoint = (j, stage, count) -> {
            if (stage.equals("before-complete") && j.attempt() == 1) {
                throw new IllegalStateException("killed");
            }
        };
        JobMessage message = fakes.queue.take().get(0);
        assertThrows(IllegalStateException.class, () -> runner(AN_HOUR).run(message, 1));
        assertEquals(90, fakes.users.size());

        // WHEN the message comes back
        JobRunner.Outcome outcome = runner(AN_HOUR).run(message, 2);

        // THEN the counts are those of one run
        assertEquals(JobRunner.Outcome.DONE, outcome);
        assertEquals(new Job.Counts(90, 10, 100), fakes.stored(job).counts());
        assertEquals(90, fakes.users.size());
        assertEquals(10, failures(job).size());
    }

    @Test
    void aKeptUserIdIsTheUsersIdAndATakenOneFailsItsLine() {
        // GIVEN a file whose records keep their ids, the second repeating the first's
        Job job = givenImport(List.of("{\"UserName\":\"ann\",\"UserId\":\"legacy-1\"}",
                "{\"UserName\":\"bo\",\"UserId\":\"legacy-1\"}"));

        // WHEN
        fakes.queue.deliverAll(runner(AN_HOUR));

        // THEN ann keeps her id; bo's line fails naming the id
        assertEquals(new Job.Counts(1, 1, 2), fakes.stored(job).counts());
        assertEquals("ann", fakes.users.find(STORE, "legacy-1").orElseThrow().userName());
        Job.FailedUser failed = failures(job).get(0);
        assertEquals(ConflictException.USER_ID_ALREADY_EXISTS, failed.code());
        assertEquals("UserId", failed.path());
    }

    @Test
    void aRedeliveryRecognisesTheUsersItInsertedUnderKeptIds() {
        // GIVEN a first delivery that inserted everyone under kept ids and died before completing the job
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            lines.add("{\"UserName\":\"name-" + i + "\",\"UserId\":\"kept-" + i + "\"}");
        }
        Job job = givenImport(lines);
        failurePoint = (j, stage, count) -> {
            if (stage.equals("before-complete") && j.attempt() == 1) {
                throw new IllegalStateException("killed");
            }
        };
        JobMessage message = fakes.queue.take().get(0);
        assertThrows(IllegalStateException.class, () -> runner(AN_HOUR).run(message, 1));

        // WHEN the message comes back
        JobRunner.Outcome outcome = runner(AN_HOUR).run(message, 2);

        // THEN its own users count as inserted, not as taken ids
        assertEquals(JobRunner.Outcome.DONE, outcome);
        assertEquals(new Job.Counts(30, 0, 30), fakes.stored(job).counts());
        assertEquals(30, fakes.users.size());
        assertTrue(failures(job).isEmpty());
    }

    /** ann, stored with a password, a given name and metadata: the user an upsert meets. */
    private User givenAnn() {
        User ann = User.builder(STORE, "ann-id").email("ann@example.com").userName("ann")
                .profile(Map.of("GivenName", "Ann", "Nickname", "annie")).appMetadata("{\"plan\":\"free\"}")
                .password(new PasswordHasher(PasswordHasher.MIN_ITERATIONS).hash("ann's old secret"))
                .createdAt(1).build();
        fakes.users.insert(ann);
        return ann;
    }

    private static final List<String> UPSERT_LINES = List.of(
            "{\"Email\":\"ANN@example.com\",\"GivenName\":\"Anne\",\"Nickname\":null,\"EmailVerified\":true,"
                    + "\"AppMetadata\":{\"plan\":\"gold\"},\"Password\":\"a new secret\",\"UserId\":\"other-id\"}",
            "{\"Email\":\"bo@example.com\"}");

    @Test
    void anUpsertUpdatesTheUserItsEmailMatchesButNeverItsPasswordNorItsIdAndInsertsTheRest() {
        // GIVEN ann, and an upsert import of ann (other id, new password) and a new user
        User ann = givenAnn();
        Job job = givenImport(UPSERT_LINES, ImportOptions.AUTH0_UPSERT.toStored());

        // WHEN
        fakes.queue.deliverAll(runner(AN_HOUR));

        // THEN ann is updated in the fields given, keeps her id and hash; bo is inserted; updated counts ann
        assertEquals(new Job.Counts(1, 0, 2, 1), fakes.stored(job).counts());
        User updated = fakes.users.find(STORE, "ann-id").orElseThrow();
        assertEquals(Map.of("GivenName", "Anne"), updated.profile());
        assertTrue(updated.emailVerified());
        assertEquals("{\"plan\":\"gold\"}", updated.appMetadata());
        assertEquals(ann.password(), updated.password());
        assertEquals("ann", updated.userName());
        assertEquals(ann.version() + 1, updated.version());
        assertTrue(fakes.users.find(STORE, "other-id").isEmpty());
        assertEquals(2, fakes.users.size());
    }

    @Test
    void withoutUpsertTheSameFileFailsTheMatchedUsersLine() {
        // GIVEN
        givenAnn();
        Job job = givenImport(UPSERT_LINES);

        // WHEN
        fakes.queue.deliverAll(runner(AN_HOUR));

        // THEN
        assertEquals(new Job.Counts(1, 1, 2, 0), fakes.stored(job).counts());
        assertEquals("annie", fakes.users.find(STORE, "ann-id").orElseThrow().profile("Nickname"));
    }

    @Test
    void aRedeliveredUpsertEndsInTheSameStateWithExactCounts() {
        // GIVEN a first delivery that updated ann, inserted bo and died before completing the job
        givenAnn();
        Job job = givenImport(UPSERT_LINES, ImportOptions.AUTH0_UPSERT.toStored());
        failurePoint = (j, stage, count) -> {
            if (stage.equals("before-complete") && j.attempt() == 1) {
                throw new IllegalStateException("killed");
            }
        };
        JobMessage message = fakes.queue.take().get(0);
        assertThrows(IllegalStateException.class, () -> runner(AN_HOUR).run(message, 1));
        User afterFirst = fakes.users.find(STORE, "ann-id").orElseThrow();

        // WHEN the message comes back
        runner(AN_HOUR).run(message, 2);

        // THEN bo is recognised as inserted, ann updated once more to the same values, each counted once
        assertEquals(new Job.Counts(1, 0, 2, 1), fakes.stored(job).counts());
        User afterSecond = fakes.users.find(STORE, "ann-id").orElseThrow();
        assertEquals(afterFirst.profile(), afterSecond.profile());
        assertEquals(afterFirst.appMetadata(), afterSecond.appMetadata());
        assertEquals(afterFirst.password(), afterSecond.password());
        assertEquals(2, fakes.users.size());
    }

    // ----- modes, dry run -----

    private static String options(String mode, boolean dryRun, boolean replacePasswords) {
        return new ImportOptions(ImportOptions.Mode.valueOf(mode), dryRun,
                dev.roster.shared.imports.source.SourceFormat.ROSTER, replacePasswords, false).toStored();
    }

    private List<JobStore.ReportLine> report(Job job) {
        return report(job, 2);
    }

    private List<JobStore.ReportLine> report(Job job, int pageSize) {
        List<JobStore.ReportLine> all = new ArrayList<>();
        String token = null;
        do {
            JobStore.ReportPage page = fakes.jobs.report(STORE, job.jobId(), pageSize, token);
            all.addAll(page.lines());
            token = page.nextToken();
        } while (token != null);
        return all;
    }

    /** Records: ann by her id (a new email and password), a new user, one naming ann and bo (two users). */
    private static final List<String> MODE_LINES = List.of(
            "{\"UserId\":\"ann-id\",\"UserName\":\"ann\",\"Email\":\"ann@new.example.com\",\"Nickname\":null,"
                    + "\"Password\":\"a new secret\",\"UserGroup\":[\"staff\"]}",
            "{\"UserName\":\"cy\",\"Email\":\"cy@example.com\"}",
            "{\"UserName\":\"ann\",\"Email\":\"bo@example.com\"}");

    private void givenBo() {
        fakes.users.insert(User.builder(STORE, "bo-id").userName("bo").email("bo@example.com").createdAt(1).build());
    }

    @Test
    void anUpsertMatchesByIdThenByIdentifierUpdatesTheGivenFieldsAndKeepsTheHashUnlessAsked() {
        // GIVEN ann and bo, and an UPSERT of ann (by id, with a new email and password), cy, and a record that names
        // ann by user name and bo by email
        User ann = givenAnn();
        givenBo();
        Job job = givenImport(MODE_LINES, options("UPSERT", false, false));

        // WHEN
        fakes.queue.deliverAll(runner(AN_HOUR));

        // THEN ann is updated (email moved, nickname removed, group set) and keeps her hash; cy is inserted; the
        // record naming two users fails, saying so
        User updated = fakes.users.find(STORE, "ann-id").orElseThrow();
        assertEquals("ann@new.example.com", updated.email());
        assertEquals(Map.of("GivenName", "Ann"), updated.profile());
        assertEquals(List.of("staff"), updated.userGroups());
        assertEquals(ann.password(), updated.password());
        assertEquals(ImportWorker.MATCHES_SEVERAL_USERS, failures(job).get(0).code());
        assertEquals(new Job.Counts(1, 1, 3, 1, 0), fakes.stored(job).counts());
        assertEquals(3, fakes.users.size());
    }

    @Test
    void anUpsertWithReplacePasswordsReplacesTheHash() {
        // GIVEN
        User ann = givenAnn();
        Job job = givenImport(MODE_LINES.subList(0, 1), options("UPSERT", false, true));

        // WHEN
        fakes.queue.deliverAll(runner(AN_HOUR));

        // THEN
        assertEquals(new Job.Counts(0, 0, 1, 1, 0), fakes.stored(job).counts());
        User updated = fakes.users.find(STORE, "ann-id").orElseThrow();
        assertFalse(ann.password().equals(updated.password()));
        assertTrue(PasswordVerifier.matches(updated.password(), "a new secret"));
    }

    @Test
    void skipExistingCountsTheMatchedUserSkippedChangesNothingAndCountsOnceAcrossARedelivery() {
        // GIVEN ann, and a SKIP_EXISTING import of ann and cy whose first delivery dies before completing
        User ann = givenAnn();
        Job job = givenImport(MODE_LINES.subList(0, 2), options("SKIP_EXISTING", false, false));
        failurePoint = (j, stage, count) -> {
            if (stage.equals("before-complete") && j.attempt() == 1) {
                throw new IllegalStateException("killed");
            }
        };
        JobMessage message = fakes.queue.take().get(0);
        assertThrows(IllegalStateException.class, () -> runner(AN_HOUR).run(message, 1));

        // WHEN the message comes back
        runner(AN_HOUR).run(message, 2);

        // THEN ann is as she was; cy inserted once; each counted once
        assertEquals(new Job.Counts(1, 0, 2, 0, 1), fakes.stored(job).counts());
        assertEquals(ann, fakes.users.find(STORE, "ann-id").orElseThrow());
        assertEquals(2, fakes.users.size());
    }

    @Test
    void skippedAndUpdatedCountsSurviveCheckpoints() {
        // GIVEN 2,500 users already there under kept ids, and an import of 2,500 records naming them
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 2_500; i++) {
            fakes.users.insert(User.builder(STORE, "kept-" + i).userName("name-" + i).createdAt(1).build());
            lines.add("{\"UserName\":\"name-" + i + "\",\"UserId\":\"kept-" + i + "\"}");
        }
        Job skip = givenImport(lines, options("SKIP_EXISTING", false, false));

        // WHEN segments stop at their first chance
        int deliveries = fakes.queue.deliverAll(runner(NO_BUDGET));

        // THEN
        assertEquals(3, deliveries);
        assertEquals(new Job.Counts(0, 0, 2_500, 0, 2_500), fakes.stored(skip).counts());
    }

    @Test
    void aCheckpointSavedBeforeSkippedWasCountedReadsItAsZero() {
        // GIVEN a checkpoint as an older worker wrote it
        Job job = new Job(STORE, JobFakes.jobId(0), Job.IMPORT_USER, Job.PROCESSING, "NDJSON", 0, 1, 0, null, null, 1,
                null, List.of(), List.of(), null, null, 1, "{\"AfterLine\":7,\"Inserted\":5,\"Failed\":1,"
                + "\"Total\":7,\"Updated\":1}", null, true, null, null);

        // WHEN
        ImportWorker.Checkpoint checkpoint = ImportWorker.Checkpoint.of(job);

        // THEN
        assertEquals(new ImportWorker.Checkpoint(7, 5, 1, 7, 1, 0), checkpoint);
        assertEquals(checkpoint, ImportWorker.Checkpoint.of(new Job(STORE, job.jobId(), Job.IMPORT_USER,
                Job.PROCESSING, "NDJSON", 0, 1, 0, null, null, 1, null, List.of(), List.of(), null, null, 1,
                checkpoint.toJson(), null, true, null, null)));
    }

    @Test
    void aDryRunWritesNoUserAndReportsWhatEachRecordWouldDo() {
        // GIVEN ann and bo, and a dry-run UPSERT of: ann by id, cy, a record naming ann and bo, dd, another record
        // with cy's email (a duplicate within the file), a line that is not JSON
        User ann = givenAnn();
        givenBo();
        List<String> lines = new ArrayList<>(MODE_LINES);
        lines.add(user("dd"));
        lines.add("{\"UserName\":\"other\",\"Email\":\"CY@example.com\"}");
        lines.add("not json");
        Job job = givenImport(lines, options("UPSERT", true, false));

        // WHEN
        fakes.queue.deliverAll(runner(AN_HOUR));

        // THEN nothing changed, and the report says, record by record, what the import would do
        assertEquals(ann, fakes.users.find(STORE, "ann-id").orElseThrow());
        assertEquals(2, fakes.users.size());
        List<JobStore.ReportLine> report = report(job);
        assertEquals(List.of("UPDATE", "INSERT", "FAIL", "INSERT", "FAIL", "FAIL"),
                report.stream().map(JobStore.ReportLine::action).toList());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), report.stream().map(JobStore.ReportLine::line).toList());
        assertEquals("ann-id", report.get(0).userId());
        assertEquals(ImportWorker.MATCHES_SEVERAL_USERS, report.get(2).code());
        assertEquals(ConflictException.EMAIL_ALREADY_EXISTS, report.get(4).code());
        assertEquals("Email", report.get(4).path());
        assertEquals("line 6", report.get(5).identification());
        assertEquals(new Job.Counts(2, 3, 6, 1, 0), fakes.stored(job).counts());
        assertEquals(3, failures(job).size());
    }

    @Test
    void aDryRunAcrossCheckpointsReportsEveryRecordOnceAndCountsExactly() {
        // GIVEN a dry run of 2,500 records, every tenth repeating the user name before it
        Job job = givenImport(manyLines(2_500), options("INSERT", true, false));

        // WHEN segments stop at their first chance
        int deliveries = fakes.queue.deliverAll(runner(NO_BUDGET));

        // THEN
        assertEquals(3, deliveries);
        assertEquals(new Job.Counts(2_250, 250, 2_500), fakes.stored(job).counts());
        List<JobStore.ReportLine> report = report(job, 1000);
        assertEquals(2_500, report.size());
        assertEquals(250, report.stream().filter(l -> l.action().equals("FAIL") && l.line() % 10 == 0).count());
        assertEquals(0, fakes.users.size());
    }

    @Test
    void aRedeliveredDryRunReportsTheSameAndCountsOnce() {
        // GIVEN a dry run of two records claiming one email whose first delivery dies before completing
        Job job = givenImport(List.of(user("ann"), "{\"UserName\":\"bo\",\"Email\":\"x@example.com\"}",
                "{\"UserName\":\"cy\",\"Email\":\"x@example.com\"}"), options("INSERT", true, false));
        failurePoint = (j, stage, count) -> {
            if (stage.equals("before-complete") && j.attempt() == 1) {
                throw new IllegalStateException("killed");
            }
        };
        JobMessage message = fakes.queue.take().get(0);
        assertThrows(IllegalStateException.class, () -> runner(AN_HOUR).run(message, 1));

        // WHEN the message comes back
        runner(AN_HOUR).run(message, 2);

        // THEN the second claim of the email still fails, the first still inserts: counted once each
        assertEquals(new Job.Counts(2, 1, 3, 0, 0), fakes.stored(job).counts());
        assertEquals(List.of("INSERT", "INSERT", "FAIL"), report(job).stream().map(JobStore.ReportLine::action)
                .toList());
        assertEquals(0, fakes.users.size());
    }

    @Test
    void theLegacyUpsertSpecStillReadsAsAuth0sUpsert() {
        assertEquals(ImportOptions.AUTH0_UPSERT, ImportOptions.fromStored("{\"Upsert\":true}"));
        assertEquals(ImportOptions.DEFAULTS, ImportOptions.fromStored(null));
    }

    @Test
    void theNotificationOfAnAuth0UsersFileAloneDoesNotStartAnImportThatWaitsForItsPasswordHashFile() {
        // GIVEN an AUTH0 upload with a password-hash file, its users file uploaded (not started)
        long now = fakes.clock.millis();
        String jobId = JobFakes.jobId(now);
        String key = ImportFiles.keyFor(STORE, jobId);
        String eTag = fakes.files.put(key, "[]".getBytes(StandardCharsets.UTF_8));
        fakes.jobs.put(Job.pending(STORE, jobId, Job.IMPORT_USER, "NDJSON", now, now + AN_HOUR.toMillis(),
                new ImportOptions(ImportOptions.Mode.INSERT, false, dev.roster.shared.imports.source.SourceFormat.AUTH0,
                        false, true).toStored(), key));

        // WHEN S3's notification of that file arrives
        JobRunner.Outcome outcome = runner(AN_HOUR).run(new JobMessage(STORE, jobId, 0, eTag), 1);

        // THEN the job still waits for its start
        assertEquals(JobRunner.Outcome.DONE, outcome);
        Job waiting = fakes.jobs.find(STORE, jobId).orElseThrow();
        assertEquals(Job.PENDING, waiting.status());
        assertNull(waiting.inputETag());
    }
}
