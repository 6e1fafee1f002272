package dev.roster.shared.job;

import dev.roster.shared.user.UserKeys;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Hand-written mapping between {@link Job} and its DynamoDB item. {@code ExpiresAt} is in seconds, for TTL. */
final class JobItemMapper {

    private JobItemMapper() {
    }

    static Map<String, AttributeValue> toItem(Job job) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", DynamoJobStore.s(DynamoJobStore.pk(job.userStoreId())));
        item.put("sk", DynamoJobStore.s("J#" + job.jobId()));
        item.put("UserStoreId", DynamoJobStore.s(job.userStoreId()));
        item.put("JobId", DynamoJobStore.s(job.jobId()));
        item.put("Type", DynamoJobStore.s(job.type()));
        item.put("Status", DynamoJobStore.s(job.status()));
        item.put("Format", DynamoJobStore.s(job.format()));
        item.put("CreatedDate", DynamoJobStore.n(job.createdDate()));
        item.put("UpdatedDate", DynamoJobStore.n(job.createdDate()));
        item.put(UserKeys.TTL_ATTRIBUTE, DynamoJobStore.n(job.expiresAtMillis() / 1000));
        item.put("Progress", DynamoJobStore.n(job.progress()));
        if (job.spec() != null) {
            item.put("Spec", DynamoJobStore.s(job.spec()));
        }
        item.put("ErrorDetails", AttributeValue.fromL(List.of()));
        item.put("FailedUsers", AttributeValue.fromL(List.of()));
        if (job.inputKey() != null) {
            item.put("InputKey", DynamoJobStore.s(job.inputKey()));
        }
        if (job.inputETag() != null) {
            item.put("InputETag", DynamoJobStore.s(job.inputETag()));
        }
        if (job.started()) {
            item.put("Started", AttributeValue.fromBool(true));
        }
        return item;
    }

    static Job fromItem(Map<String, AttributeValue> item) {
        List<Job.ErrorDetail> errors = new ArrayList<>();
        AttributeValue errorList = item.get("ErrorDetails");
        if (errorList != null && errorList.hasL()) {
            for (AttributeValue e : errorList.l()) {
                errors.add(new Job.ErrorDetail(str(e.m(), "UserId"), str(e.m(), "Error")));
            }
        }
        List<Job.FailedUser> failed = new ArrayList<>();
        AttributeValue failedList = item.get("FailedUsers");
        if (failedList != null && failedList.hasL()) {
            for (AttributeValue f : failedList.l()) {
                failed.add(new Job.FailedUser(str(f.m(), "FailedUserIdentification"), str(f.m(), "FailedCode"),
                        str(f.m(), "FailedMessage")));
            }
        }
        AttributeValue attempt = item.get("Attempt");
        return new Job(str(item, "UserStoreId"), str(item, "JobId"), str(item, "Type"), str(item, "Status"),
                str(item, "Format"), num(item, "CreatedDate"), num(item, UserKeys.TTL_ATTRIBUTE) * 1000, num(item, "Progress"),
                str(item, "ObjectKey"), str(item, "Spec"), attempt == null ? 0 : Integer.parseInt(attempt.n()),
                str(item, "UploadId"), List.copyOf(errors), List.copyOf(failed), str(item, "InputKey"),
                item.containsKey("Total") ? new Job.Counts(num(item, "Inserted"), num(item, "Failed"), num(item, "Total"))
                        : null, (int) num(item, "Segment"), str(item, "Checkpoint"),
                str(item, "InputETag"),
                item.containsKey("Started") && Boolean.TRUE.equals(item.get("Started").bool()));
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }
}
