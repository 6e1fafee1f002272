package dev.roster.shared.job;

import dev.roster.shared.storage.Backoff;
import dev.roster.shared.storage.TableLayout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.roster.shared.storage.TableLayout.jobKey;
import static dev.roster.shared.storage.TableLayout.n;
import static dev.roster.shared.storage.TableLayout.s;

/**
 * Jobs in DynamoDB: one record per job in its store's jobs partition, plus one slots item whose string set holds the
 * store's active job ids (keys in {@link TableLayout}). Creating a job and taking a slot is one transaction; so is
 * ending a job and freeing its slot.
 */
public record DynamoJobStore(DynamoDbClient dynamo, String table) implements JobStore {

    private static final int MAX_CONFLICT_RETRIES = 8;

    @Override
    public boolean create(Job job, int maxActive) {
        TransactWriteItem takeSlot = TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(TableLayout.jobSlotsKey(job.userStoreId()))
                .updateExpression("ADD Jobs :id")
                .conditionExpression("attribute_not_exists(Jobs) OR size(Jobs) < :max")
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromSs(List.of(job.jobId())),
                        ":max", n(maxActive)))
                .build()).build();
        TransactWriteItem put = TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(JobItemMapper.toItem(job)).conditionExpression("attribute_not_exists(pk)").build()).build();
        return transact(takeSlot, put);
    }

    @Override
    public Optional<Job> find(String userStoreId, String jobId) {
        GetItemResponse response = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(jobKey(userStoreId, jobId)));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(JobItemMapper.fromItem(response.item())) : Optional.empty();
    }

    @Override
    public List<Job> list(String userStoreId) {
        List<Job> jobs = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(b -> b.tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :j)")
                    .expressionAttributeValues(Map.of(":pk", s(TableLayout.jobsPk(userStoreId)),
                            ":j", s(TableLayout.JOB_SK_PREFIX)))
                    .scanIndexForward(false)
                    .exclusiveStartKey(from));
            page.items().forEach(item -> jobs.add(JobItemMapper.fromItem(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return jobs;
    }

    @Override
    public List<String> activeJobIds(String userStoreId) {
        GetItemResponse response = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(TableLayout.jobSlotsKey(userStoreId)));
        AttributeValue jobs = response.hasItem() ? response.item().get("Jobs") : null;
        return jobs == null || !jobs.hasSs() ? List.of() : List.copyOf(jobs.ss());
    }

    @Override
    public Optional<Job> claim(String userStoreId, String jobId, int segment, int attempt, long now,
                               String inputETag) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":processing", s(Job.PROCESSING),
                ":pending", s(Job.PENDING), ":a", n(attempt), ":now", n(now), ":nowSeconds", n(now / 1000),
                ":seg", n(segment)));
        String pin = pinUnlessPinned(inputETag, values);
        try {
            UpdateItemResponse response = dynamo.updateItem(b -> b.tableName(table).key(jobKey(userStoreId, jobId))
                    .updateExpression("SET #s = :processing, Attempt = :a, UpdatedDate = :now" + pin)
                    .conditionExpression("attribute_exists(pk) AND (#s = :pending OR #s = :processing)"
                            + " AND (attribute_not_exists(Attempt) OR Attempt < :a) AND ExpiresAt > :nowSeconds"
                            + (segment == 0 ? " AND (attribute_not_exists(#seg) OR #seg = :seg)"
                            : " AND #seg = :seg"))
                    .expressionAttributeNames(Map.of("#s", "Status", "#seg", "Segment"))
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW));
            return Optional.of(JobItemMapper.fromItem(response.attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public int checkpoint(Job job, int attempt, String checkpoint, long progress) {
        try {
            UpdateItemResponse response = dynamo.updateItem(b -> b.tableName(table)
                    .key(jobKey(job.userStoreId(), job.jobId()))
                    .updateExpression("SET Checkpoint = :c, Progress = :p, Attempt = :zero,"
                            + " #seg = if_not_exists(#seg, :zero) + :one")
                    .conditionExpression("Attempt = :a AND #s = :processing")
                    .expressionAttributeNames(Map.of("#s", "Status", "#seg", "Segment"))
                    .expressionAttributeValues(Map.of(":c", s(checkpoint), ":p", n(progress), ":zero", n(0),
                            ":one", n(1), ":a", n(attempt), ":processing", s(Job.PROCESSING)))
                    .returnValues(ReturnValue.UPDATED_NEW));
            return Integer.parseInt(response.attributes().get("Segment").n());
        } catch (ConditionalCheckFailedException e) {
            return -1;
        }
    }

    /**
     * The SET clause (with its value added to {@code values}) that pins a job to its import file's ETag unless it is
     * pinned already, so a later notification (the file overwritten) cannot move the pin; empty without an ETag.
     */
    private static String pinUnlessPinned(String inputETag, Map<String, AttributeValue> values) {
        if (inputETag == null) {
            return "";
        }
        values.put(":etag", s(inputETag));
        return ", InputETag = if_not_exists(InputETag, :etag)";
    }

    @Override
    public boolean pinInput(Job job, int attempt, String inputETag) {
        return updateIf(job.userStoreId(), job.jobId(), "SET InputETag = :etag",
                "Attempt = :a AND #s = :processing AND attribute_not_exists(InputETag)",
                Map.of(":etag", s(inputETag), ":a", n(attempt), ":processing", s(Job.PROCESSING)));
    }

    @Override
    public boolean recordUpload(Job job, int attempt, String uploadId) {
        return fencedUpdate(job, attempt, "SET UploadId = :u", Map.of(":u", s(uploadId)));
    }

    @Override
    public boolean recordProgress(Job job, int attempt, long progress) {
        return fencedUpdate(job, attempt, "SET Progress = :p", Map.of(":p", n(progress)));
    }

    private boolean fencedUpdate(Job job, int attempt, String update, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":a", n(attempt));
        all.put(":processing", s(Job.PROCESSING));
        return updateIf(job.userStoreId(), job.jobId(), update, "Attempt = :a AND #s = :processing", all);
    }

    /** Updates a job's item if {@code condition} holds ({@code #s} names its Status); false when it did not. */
    private boolean updateIf(String userStoreId, String jobId, String update, String condition,
                             Map<String, AttributeValue> values) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(jobKey(userStoreId, jobId))
                    .updateExpression(update)
                    .conditionExpression(condition)
                    .expressionAttributeNames(Map.of("#s", "Status"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean complete(Job job, int attempt, String objectKey, long progress, Job.Counts counts, long now) {
        StringBuilder update = new StringBuilder("SET #s = :completed, Progress = :p, UpdatedDate = :now");
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":completed", s(Job.COMPLETED), ":p", n(progress),
                ":now", n(now), ":a", n(attempt), ":processing", s(Job.PROCESSING)));
        if (objectKey != null) {
            update.append(", ObjectKey = :k");
            values.put(":k", s(objectKey));
        }
        if (counts != null) {
            update.append(", Inserted = :i, Failed = :f, #t = :t, Updated = :u, Skipped = :sk");
            values.put(":u", n(counts.updated()));
            values.put(":sk", n(counts.skipped()));
            values.put(":i", n(counts.inserted()));
            values.put(":f", n(counts.failed()));
            values.put(":t", n(counts.total()));
        }
        TransactWriteItem done = TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(jobKey(job.userStoreId(), job.jobId()))
                .updateExpression(update + " REMOVE UploadId")
                .conditionExpression("Attempt = :a AND #s = :processing")
                .expressionAttributeNames(counts != null ? Map.of("#s", "Status", "#t", "Total") : Map.of("#s", "Status"))
                .expressionAttributeValues(values)
                .build()).build();
        return endWith(job.userStoreId(), job.jobId(), done);
    }

    @Override
    public boolean markStarted(String userStoreId, String jobId, String inputETag, String hashesETag) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":true", AttributeValue.fromBool(true),
                ":pending", s(Job.PENDING)));
        String pin = pinUnlessPinned(inputETag, values);
        if (hashesETag != null) {
            values.put(":hetag", s(hashesETag));
            pin += ", HashesETag = if_not_exists(HashesETag, :hetag)";
        }
        return updateIf(userStoreId, jobId, "SET Started = :true" + pin,
                "#s = :pending AND attribute_not_exists(Started)", values);
    }

    @Override
    public void putFailures(Job job, List<LineFailure> failures) {
        List<Map<String, AttributeValue>> items = new ArrayList<>(failures.size());
        for (LineFailure failure : failures) {
            Map<String, AttributeValue> item = lineItem(job, TableLayout.failureSk(failure.line()));
            item.put("FailedUserIdentification", s(failure.identification()));
            item.put("FailedCode", s(failure.code()));
            item.put("FailedMessage", s(failure.message()));
            putIfPresent(item, "FailedPath", failure.path());
            putIfPresent(item, "FailedRecord", failure.record());
            items.add(item);
        }
        putAll(items);
    }

    @Override
    public void putReport(Job job, List<ReportLine> lines) {
        List<Map<String, AttributeValue>> items = new ArrayList<>(lines.size());
        for (ReportLine line : lines) {
            Map<String, AttributeValue> item = lineItem(job, TableLayout.reportSk(line.line()));
            item.put("Action", s(line.action()));
            putIfPresent(item, "ReportUserId", line.userId());
            putIfPresent(item, "Identification", line.identification());
            putIfPresent(item, "Code", line.code());
            putIfPresent(item, "Message", line.message());
            putIfPresent(item, "Path", line.path());
            items.add(item);
        }
        putAll(items);
    }

    /** A new item of the job's per-line partition, expiring with the job. */
    private static Map<String, AttributeValue> lineItem(Job job, String sortKey) {
        return new HashMap<>(Map.of(TableLayout.PK, s(TableLayout.failuresPk(job.userStoreId(), job.jobId())),
                TableLayout.SK, s(sortKey), TableLayout.TTL_ATTRIBUTE, n(job.expiresAtMillis() / 1000)));
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    /** Writes items 25 to a batch, retrying what DynamoDB leaves unprocessed. */
    private void putAll(List<Map<String, AttributeValue>> items) {
        for (int from = 0; from < items.size(); from += 25) {
            List<software.amazon.awssdk.services.dynamodb.model.WriteRequest> batch = items
                    .subList(from, Math.min(items.size(), from + 25)).stream()
                    .map(item -> software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
                            .putRequest(r -> r.item(item)).build()).toList();
            Map<String, List<software.amazon.awssdk.services.dynamodb.model.WriteRequest>> pending =
                    Map.of(table, batch);
            for (int round = 0; !pending.isEmpty(); round++) {
                var request = pending;
                var response = dynamo.batchWriteItem(b -> b.requestItems(request));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
                if (!pending.isEmpty()) {
                    Backoff.pause(round);
                }
            }
        }
    }

    @Override
    public FailurePage failures(String userStoreId, String jobId, int pageSize, String nextToken) {
        QueryResponse page = linePage(userStoreId, jobId, TableLayout.FAILURE_SK_PREFIX, pageSize, nextToken);
        List<Job.FailedUser> failed = new ArrayList<>();
        for (Map<String, AttributeValue> item : page.items()) {
            // Rows written before code and message were kept apart (a day old at most at a deploy) hold one
            // FailedReason, shown as the message.
            boolean legacy = !item.containsKey("FailedCode");
            failed.add(new Job.FailedUser(TableLayout.string(item, "FailedUserIdentification"),
                    legacy ? null : TableLayout.string(item, "FailedCode"),
                    TableLayout.string(item, legacy ? "FailedReason" : "FailedMessage"),
                    TableLayout.string(item, "FailedPath"), TableLayout.string(item, "FailedRecord")));
        }
        return new FailurePage(List.copyOf(failed), nextToken(page));
    }

    @Override
    public ReportPage report(String userStoreId, String jobId, int pageSize, String nextToken) {
        QueryResponse page = linePage(userStoreId, jobId, TableLayout.REPORT_SK_PREFIX, pageSize, nextToken);
        List<ReportLine> lines = new ArrayList<>();
        for (Map<String, AttributeValue> item : page.items()) {
            String sortKey = TableLayout.string(item, TableLayout.SK);
            lines.add(new ReportLine(Long.parseLong(sortKey.substring(TableLayout.REPORT_SK_PREFIX.length())),
                    TableLayout.string(item, "Action"), TableLayout.string(item, "ReportUserId"),
                    TableLayout.string(item, "Identification"), TableLayout.string(item, "Code"),
                    TableLayout.string(item, "Message"), TableLayout.string(item, "Path")));
        }
        return new ReportPage(List.copyOf(lines), nextToken(page));
    }

    /** A page of the job's per-line items whose sort keys begin with {@code prefix}, after {@code nextToken}. */
    private QueryResponse linePage(String userStoreId, String jobId, String prefix, int pageSize, String nextToken) {
        Map<String, AttributeValue> start = nextToken == null ? null
                : TableLayout.key(TableLayout.failuresPk(userStoreId, jobId), nextToken);
        return dynamo.query(b -> b.tableName(table).consistentRead(true).limit(pageSize)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :f)")
                .expressionAttributeValues(Map.of(":pk", s(TableLayout.failuresPk(userStoreId, jobId)),
                        ":f", s(prefix)))
                .exclusiveStartKey(start));
    }

    private static String nextToken(QueryResponse page) {
        return page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                ? TableLayout.sortKey(page.lastEvaluatedKey()) : null;
    }

    @Override
    public String claim(Job job, String key, String holder) {
        UpdateItemResponse response = dynamo.updateItem(b -> b.tableName(table)
                .key(TableLayout.claimKey(job.userStoreId(), job.jobId(), key))
                .updateExpression("SET Holder = if_not_exists(Holder, :h), " + TableLayout.TTL_ATTRIBUTE + " = :ttl")
                .expressionAttributeValues(Map.of(":h", s(holder), ":ttl", n(job.expiresAtMillis() / 1000)))
                .returnValues(ReturnValue.ALL_NEW));
        return response.attributes().get("Holder").s();
    }

    @Override
    public void releaseClaim(Job job, String key, String holder) {
        // An update, not a delete: the workers' policy grants no DeleteItem, and an item without a holder is free.
        try {
            dynamo.updateItem(b -> b.tableName(table).key(TableLayout.claimKey(job.userStoreId(), job.jobId(), key))
                    .updateExpression("REMOVE Holder").conditionExpression("Holder = :h")
                    .expressionAttributeValues(Map.of(":h", s(holder))));
        } catch (ConditionalCheckFailedException e) {
            // Another record's claim: it stays.
        }
    }

    @Override
    public void fail(String userStoreId, String jobId, String reason, long now) {
        TransactWriteItem failed = TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(jobKey(userStoreId, jobId))
                .updateExpression("SET #s = :failed, UpdatedDate = :now,"
                        + " ErrorDetails = list_append(if_not_exists(ErrorDetails, :empty), :error)")
                .conditionExpression("#s = :pending OR #s = :processing")
                .expressionAttributeNames(Map.of("#s", "Status"))
                .expressionAttributeValues(Map.of(":failed", s(Job.FAILED), ":now", n(now),
                        ":empty", AttributeValue.fromL(List.of()),
                        ":error", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of(
                                "UserId", AttributeValue.fromNul(true), "Error", s(reason))))),
                        ":pending", s(Job.PENDING), ":processing", s(Job.PROCESSING)))
                .build()).build();
        if (!endWith(userStoreId, jobId, failed)) {
            // Already ended (or gone): make sure it holds no slot either.
            releaseSlot(userStoreId, jobId);
        }
    }

    /** Ends a job and frees its slot in one transaction; false if the job's condition did not hold. */
    private boolean endWith(String userStoreId, String jobId, TransactWriteItem jobUpdate) {
        TransactWriteItem free = TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(TableLayout.jobSlotsKey(userStoreId))
                .updateExpression("DELETE Jobs :id")
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromSs(List.of(jobId))))
                .build()).build();
        return transact(jobUpdate, free);
    }

    /**
     * Runs a two-item transaction whose first item carries the condition that matters: false when that condition
     * fails; DynamoDB's transient transaction conflicts are retried.
     */
    private boolean transact(TransactWriteItem conditional, TransactWriteItem other) {
        for (int attempt = 0; ; attempt++) {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(conditional, other));
                return true;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                    return false;
                }
                if (attempt >= MAX_CONFLICT_RETRIES) {
                    throw e;
                }
                Backoff.pause(attempt);
            }
        }
    }

    @Override
    public void releaseSlot(String userStoreId, String jobId) {
        dynamo.updateItem(b -> b.tableName(table).key(TableLayout.jobSlotsKey(userStoreId))
                .updateExpression("DELETE Jobs :id")
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromSs(List.of(jobId)))));
    }
}
