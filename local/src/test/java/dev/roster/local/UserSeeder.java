package dev.roster.local;

import dev.roster.shared.security.PasswordHasher;
import dev.roster.shared.user.CustomAttribute;
import dev.roster.shared.security.PasswordCredential;
import dev.roster.shared.user.User;
import dev.roster.shared.user.UserItemMapper;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Puts many users straight into DynamoDB (as an import would), for tests that need large stores fast. Only the user
 * items: these tests read users, they do not create more with the same identifiers.
 */
final class UserSeeder {

    static final String PASSWORD = "seeded password";
    private static final PasswordCredential CREDENTIAL = new PasswordHasher(PasswordHasher.MIN_ITERATIONS).hash(PASSWORD);

    private UserSeeder() {
    }

    static User user(String store, int i) {
        String id = UUID.randomUUID().toString().replace("-", "");
        return new User(store, id, "user" + i, "user" + i + "@example.com", "+1-555-" + (1_000_000 + i),
                Map.of("Nickname", "nick " + i), 631152000000L, i % 10 == 0 ? List.of("vip") : List.of(), List.of(),
                List.of(new CustomAttribute("plan", i % 2 == 0 ? "gold" : "free", "STRING")), false,
                User.STATUS_NOT_ENABLED, User.SOURCE_ADMIN, 1_700_000_000_000L, 1_700_000_000_000L, 1, CREDENTIAL);
    }

    /** Seeds {@code count} users and returns their ids. */
    static Set<String> seed(DynamoDbClient dynamo, String table, String store, int count) {
        Set<String> ids = new java.util.HashSet<>();
        List<WriteRequest> batch = new ArrayList<>(25);
        for (int i = 0; i < count; i++) {
            User user = user(store, i);
            ids.add(user.userId());
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(UserItemMapper.toItem(user)).build())
                    .build());
            if (batch.size() == 25 || i == count - 1) {
                write(dynamo, table, batch);
                batch = new ArrayList<>(25);
            }
        }
        return ids;
    }

    private static void write(DynamoDbClient dynamo, String table, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> request = pending;
            BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(request));
            pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
        }
    }
}
