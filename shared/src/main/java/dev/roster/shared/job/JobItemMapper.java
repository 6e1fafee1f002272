package dev.roster.shared.job;

import dev.roster.shared.storage.TableLayout;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.roster.shared.storage.TableLayout.n;
import static dev.roster.shared.storage.TableLayout.number;
import static dev.roster.shared.storage.TableLayout.s;
import static dev.roster.shared.storage.TableLayout.string;

/** Hand-written mapping between {@link Job} and its DynamoDB item. {@code ExpiresAt} is in seconds, for TTL. */
final class JobItemMapper {

    private JobItemMapper() {
    }

    static Map<String, AttributeValue> toItem(Job job) {
        Map<String, AttributeValue> item = new HashMap<>(TableLayout.jobKey(job.userStoreId(), job.jobId()));
        item.put("UserStoreId", s(job.userStoreId()));
        item.put("JobId", s(job.jobId()));
        item.put("Type", s(job.type()));
        item.put("Status", s(job.status()));
        item.put("Format", s(job.format()));
        item.put("CreatedDate", n(job.createdDate()));
        item.put("UpdatedDate", n(job.createdDate()));
        item.put(TableLayout.TTL_ATTRIBUTE, n(job.expiresAtMillis() / 1000));
        item.put("Progress", n(job.progress()));
        if (job.spec() != null) {
            item.put("Spec", s(job.spec()));
        }
        item.put("ErrorDetails", AttributeValue.fromL(List.of()));
        item.put("FailedUsers", AttributeValue.fromL(List.of()));
        if (job.inputKey() != null) {
            item.put("InputKey", s(job.inputKey()));
        }
        if (job.inputETag() != null) {
            item.put("InputETag", s(job.inputETag()));
        }
        if (job.started()) {
            item.put("Started", AttributeValue.fromBool(true));
        }
        if (job.hashesETag() != null) {
            item.put("HashesETag", s(job.hashesETag()));
        }
        if (job.externalId() != null) {
            item.put("ExternalId", s(job.externalId()));
        }
        if (job.inputRecords() != null) {
            item.put("InputRecords", n(job.inputRecords()));
        }
        return item;
    }

    static Job fromItem(Map<String, AttributeValue> item) {
        List<Job.ErrorDetail> errors = new ArrayList<>();
        AttributeValue errorList = item.get("ErrorDetails");
        if (errorList != null && errorList.hasL()) {
            for (AttributeValue e : errorList.l()) {
                errors.add(new Job.ErrorDetail(string(e.m(), "UserId"), string(e.m(), "Error")));
            }
        }
        List<Job.FailedUser> failed = new ArrayList<>();
        AttributeValue failedList = item.get("FailedUsers");
        if (failedList != null && failedList.hasL()) {
            for (AttributeValue f : failedList.l()) {
                failed.add(new Job.FailedUser(string(f.m(), "FailedUserIdentification"), string(f.m(), "FailedCode"),
                        string(f.m(), "FailedMessage")));
            }
        }
        AttributeValue attempt = item.get("Attempt");
        return new Job(string(item, "UserStoreId"), string(item, "JobId"), string(item, "Type"),
                string(item, "Status"), string(item, "Format"), number(item, "CreatedDate"),
                number(item, TableLayout.TTL_ATTRIBUTE) * 1000, number(item, "Progress"),
                string(item, "ObjectKey"), string(item, "Spec"), attempt == null ? 0 : Integer.parseInt(attempt.n()),
                string(item, "UploadId"), List.copyOf(errors), List.copyOf(failed), string(item, "InputKey"),
                item.containsKey("Total")
                        ? new Job.Counts(number(item, "Inserted"), number(item, "Failed"), number(item, "Total"),
                        item.containsKey("Updated") ? number(item, "Updated") : 0,
                        item.containsKey("Skipped") ? number(item, "Skipped") : 0)
                        : null, (int) number(item, "Segment"), string(item, "Checkpoint"),
                string(item, "InputETag"),
                item.containsKey("Started") && Boolean.TRUE.equals(item.get("Started").bool()),
                string(item, "ExternalId"), item.containsKey("InputRecords") ? number(item, "InputRecords") : null,
                string(item, "HashesETag"));
    }
}
