package dev.roster.local.twin;

import dev.roster.local.AwsEndpoints;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One function's view of DynamoDB, SQS and S3 through {@link RecordingRelay}s: every call it makes (and every
 * presigned link it signs, when used) is logged as the IAM permission it needs, under the function's logical id.
 */
public final class RecordingEndpoints implements AutoCloseable {

    private final List<RecordingRelay> relays = new ArrayList<>();
    private final AwsEndpoints endpoints;

    /**
     * @param logicalNames physical resource names to their template names, so that the log reads the same whatever a
     *                     deployment called its table, queues and bucket
     */
    public RecordingEndpoints(String logicalId, AwsEndpoints emulators, CallLog log, Map<String, String> logicalNames) {
        CallLog named = log.withLogicalNames(logicalNames);
        RecordingRelay dynamo = relay(logicalId, AwsService.DYNAMODB, emulators.dynamo(), named);
        RecordingRelay sqs = relay(logicalId, AwsService.SQS, emulators.sqs(), named);
        RecordingRelay s3 = relay(logicalId, AwsService.S3, emulators.s3(), named);
        this.endpoints = new AwsEndpoints(dynamo.endpoint(), sqs.endpoint(), s3.endpoint(), emulators.accessKey(),
                emulators.secretKey(), emulators.region());
    }

    private RecordingRelay relay(String logicalId, AwsService service, java.net.URI target, CallLog log) {
        RecordingRelay relay = RecordingRelay.start(logicalId, service, target, log, TwinStack.REGION,
                TwinStack.ACCOUNT_ID);
        relays.add(relay);
        return relay;
    }

    public AwsEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public void close() {
        relays.forEach(RecordingRelay::close);
    }
}
