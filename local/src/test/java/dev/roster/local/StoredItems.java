package dev.roster.local;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the table really holds for one user store: read straight from DynamoDB, not through the API. The store's user
 * counter items are kept apart: they are bookkeeping, not users or identifiers.
 */
record StoredItems(List<Map<String, AttributeValue>> users, List<Map<String, AttributeValue>> guards,
                   List<Map<String, AttributeValue>> counters) {

    static StoredItems of(DynamoDbClient dynamo, String table, String userStoreId) {
        List<Map<String, AttributeValue>> users = new ArrayList<>();
        List<Map<String, AttributeValue>> guards = new ArrayList<>();
        List<Map<String, AttributeValue>> counters = new ArrayList<>();
        String counterPk = dev.roster.shared.storage.TableLayout.counterPk(userStoreId);
        ScanRequest scan = ScanRequest.builder().tableName(table).consistentRead(true)
                .filterExpression("begins_with(pk, :p)")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("US#" + userStoreId + "#")))
                .build();
        for (Map<String, AttributeValue> item : dynamo.scanPaginator(scan).items()) {
            (item.get("sk").s().startsWith("U#") ? users : item.get("pk").s().equals(counterPk) ? counters : guards)
                    .add(item);
        }
        return new StoredItems(users, guards, counters);
    }

    /** Users and guards: what a request that must change nothing must not have written. */
    int total() {
        return users.size() + guards.size();
    }
}
