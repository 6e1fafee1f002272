package dev.roster.local;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Creates what template.yaml declares, for the local stack: the table (same keys, TTL attribute). Idempotent, so a
 * runner restarted on a data directory finds its data again.
 */
public final class Provisioner {

    /** The job records' expiry attribute: template.yaml turns DynamoDB TTL on for it. */
    public static final String TTL_ATTRIBUTE = "ExpiresAt";

    private Provisioner() {
    }

    public static void createTable(DynamoDbClient dynamo, String table) {
        try {
            dynamo.createTable(b -> b.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build()));
            dynamo.waiter().waitUntilTableExists(b -> b.tableName(table));
            dynamo.updateTimeToLive(b -> b.tableName(table)
                    .timeToLiveSpecification(t -> t.attributeName(TTL_ATTRIBUTE).enabled(true)));
        } catch (ResourceInUseException alreadyThere) {
            // created by an earlier run on the same data directory
        }
    }
}
