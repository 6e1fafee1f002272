package dev.roster.local;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the table really holds for one user store: read straight from DynamoDB, not through the API. */
record StoredItems(List<Map<String, AttributeValue>> users, List<Map<String, AttributeValue>> guards) {

    static StoredItems of(DynamoDbClient dynamo, String table, String userStoreId) {
        List<Map<String, AttributeValue>> users = new ArrayList<>();
        List<Map<String, AttributeValue>> guards = new ArrayList<>();
        ScanRequest scan = ScanRequest.builder().tableName(table).consistentRead(true)
                .filterExpression("begins_with(pk, :p)")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("US#" + userStoreId + "#")))
                .build();
        for (Map<String, AttributeValue> item : dynamo.scanPaginator(scan).items()) {
            (item.get("sk").s().startsWith("U#") ? users : guards).add(item);
        }
        return new StoredItems(users, guards);
    }

    int total() {
        return users.size() + guards.size();
    }
}
