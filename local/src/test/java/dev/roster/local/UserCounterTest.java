package dev.roster.local;

import com.tencentcloudapi.ciam.v20220331.CiamClient;
import com.tencentcloudapi.ciam.v20220331.models.CreateUserRequest;
import com.tencentcloudapi.ciam.v20220331.models.DeleteUsersRequest;
import com.tencentcloudapi.ciam.v20220331.models.ListUserRequest;
import com.tencentcloudapi.ciam.v20220331.models.ListUserResponse;
import com.tencentcloudapi.ciam.v20220331.models.Pageable;
import com.tencentcloudapi.ciam.v20220331.models.User;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import dev.roster.shared.rest.UserInput;
import dev.roster.shared.security.PasswordHasher;
import dev.roster.shared.storage.TableLayout;
import dev.roster.shared.user.DynamoUserStore;
import dev.roster.shared.user.UserFilters;
import dev.roster.shared.user.UserItemMapper;
import dev.roster.shared.user.UserService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Numbered listing (Tencent's ListUser, Auth0's user list) against DynamoDB: its Total comes from the store's user
 * counter and a page reads only the users up to its end, so the cost of a page does not grow with the store; a store
 * written before the counter existed is counted once, then followed.
 */
class UserCounterTest {

    private final LocalDeployment deployment = TestAws.deployment();
    private final String table = TestAws.CONFIG.tableName();
    private String store;

    @BeforeEach
    void setUp() {
        store = "count-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private CiamClient tencent() {
        HttpProfile http = new HttpProfile();
        http.setEndpoint("127.0.0.1:" + deployment.port());
        http.setProtocol("http://");
        ClientProfile profile = new ClientProfile();
        profile.setHttpProfile(http);
        return new CiamClient(new Credential(TestAws.TENCENT_SECRET_ID, TestAws.TENCENT_SECRET_KEY), "ap-singapore",
                profile);
    }

    private ListUserResponse listUser(long pageNumber, long pageSize) throws TencentCloudSDKException {
        ListUserRequest list = new ListUserRequest();
        list.setUserStoreId(store);
        Pageable pageable = new Pageable();
        pageable.setPageSize(pageSize);
        pageable.setPageNumber(pageNumber);
        list.setPageable(pageable);
        return tencent().ListUser(list);
    }

    /** A DynamoDB client that adds up the items each Query and Scan read (ScannedCount: what DynamoDB bills). */
    private DynamoDbClient countingClient(AtomicLong itemsRead) {
        AwsEndpoints endpoints = deployment.endpoints();
        return DynamoDbClient.builder().endpointOverride(endpoints.dynamo()).credentialsProvider(endpoints.credentials())
                .region(Region.of(endpoints.region())).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                        if (context.response() instanceof QueryResponse query) {
                            itemsRead.addAndGet(query.scannedCount());
                        } else if (context.response() instanceof ScanResponse scan) {
                            itemsRead.addAndGet(scan.scannedCount());
                        }
                    }
                })).build();
    }

    @Test
    void aNumberedPageReadsOnlyTheUsersUpToItsEndNotTheWholeStore() {
        // GIVEN a store of 3,000 users, counted once
        UserSeeder.seed(deployment.dynamo(), table, store, 3_000);
        AtomicLong itemsRead = new AtomicLong();
        try (DynamoDbClient dynamo = countingClient(itemsRead)) {
            UserService users = new UserService(new DynamoUserStore(dynamo, table),
                    new PasswordHasher(PasswordHasher.MIN_ITERATIONS), Clock.systemUTC());
            assertEquals(3_000, users.page(store, List.of(), 1, 1).total());

            // WHEN the first page of one user is asked for
            itemsRead.set(0);
            UserService.NumberedPage first = users.page(store, List.of(), 1, 1);

            // THEN the whole store is in its total, but only the user and the counter's items were read
            assertEquals(3_000, first.total());
            assertEquals(1, first.users().size());
            assertTrue(itemsRead.get() <= 1 + 17, "items read for page 1 of size 1: " + itemsRead.get());

            // WHEN the 11th page of 10 is asked for
            itemsRead.set(0);
            UserService.NumberedPage eleventh = users.page(store, List.of(), 11, 10);

            // THEN the users before it were counted past, not the store: at most offset + page size + counter
            assertEquals(10, eleventh.users().size());
            assertTrue(itemsRead.get() <= 100 + 10 + 17, "items read for page 11 of size 10: " + itemsRead.get());

            // WHEN a page past the end is asked for, THEN no user is read at all
            itemsRead.set(0);
            assertEquals(List.of(), users.page(store, List.of(), 400, 10).users());
            assertTrue(itemsRead.get() <= 17, "items read past the end: " + itemsRead.get());
        }
    }

    @Test
    void aFilterNamingUsersFindsThemThroughTheIndexWithoutReadingTheStore() {
        // GIVEN 3 users created through the service among 2,000 others
        UserSeeder.seed(deployment.dynamo(), table, store, 2_000);
        AtomicLong itemsRead = new AtomicLong();
        try (DynamoDbClient dynamo = countingClient(itemsRead)) {
            UserService users = new UserService(new DynamoUserStore(dynamo, table),
                    new PasswordHasher(PasswordHasher.MIN_ITERATIONS), Clock.systemUTC());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(users.create(store, UserInput.create(store, dev.roster.shared.json.Json.parseObject(
                        "{\"UserName\":\"Named" + i + "\",\"Email\":\"named" + i + "@example.com\",\"PhoneNumber\":"
                        + "\"+1-555-01" + i + "0\",\"Password\":\"correct horse battery\"}"), users.now())).userId());
            }
            itemsRead.set(0);

            // WHEN a page is filtered by an email (other case), a user name, a user id, a phone in another format
            // and a value no user has
            UserFilters.Filter naming = new UserFilters.Filter(UserFilters.CONDITION, List.of("NAMED0@example.com",
                    "named1", ids.get(2), "+1 555 0100", "nobody@example.com", "x".repeat(5_000)), true);
            UserService.NumberedPage page = users.page(store, List.of(naming), 1, 2);
            UserService.NumberedPage second = users.page(store, List.of(naming), 2, 2);

            // THEN those users are found, paged in the listing order, without a query or scan of the store
            assertEquals(3, page.total());
            assertEquals(2, page.users().size());
            assertEquals(1, second.users().size());
            Set<String> found = new HashSet<>();
            page.users().forEach(u -> found.add(u.userId()));
            second.users().forEach(u -> found.add(u.userId()));
            assertEquals(new HashSet<>(ids), found);
            assertEquals(0, itemsRead.get(), "items read by queries and scans");

            // WHEN the naming filter is combined with a negation, THEN both hold
            UserFilters.Filter notNamed0 = new UserFilters.Filter(UserFilters.CONDITION, List.of("named0"), false);
            assertEquals(2, users.page(store, List.of(naming, notNamed0), 1, 10).total());
        }
    }

    @Test
    void numberedPagesCoverTheStoreOnceInTheListingOrder() throws Exception {
        // GIVEN 150 users spread over every key shard
        Set<String> ids = UserSeeder.seed(deployment.dynamo(), table, store, 150);

        // WHEN every page of 7 is listed through Tencent's ListUser
        List<String> listed = new ArrayList<>();
        for (long number = 1; number <= 22; number++) {
            ListUserResponse page = listUser(number, 7);
            assertEquals(150L, page.getTotal());
            for (User user : page.getContent()) {
                listed.add(user.getUserId());
            }
        }

        // THEN every user came exactly once, and the page after the last is empty
        assertEquals(150, listed.size());
        assertEquals(ids, new HashSet<>(listed));
        ListUserResponse after = listUser(23, 7);
        assertEquals(0, after.getContent().length);
        assertEquals(150L, after.getTotal());
    }

    private String createUser(String name, int i) throws TencentCloudSDKException {
        CreateUserRequest create = new CreateUserRequest();
        create.setUserStoreId(store);
        create.setUserName(name);
        create.setEmail(name + "@test.com");
        create.setPhoneNumber("+86-198000000" + (10 + i));
        create.setPassword("@ppServer123");
        return tencent().CreateUser(create).getUser().getUserId();
    }

    @Test
    void aStoreWrittenBeforeTheCounterIsCountedOnceThenFollowsEveryWrite() throws Exception {
        // GIVEN 5 users, written as before the counter existed: users and guards, no counter items
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(createUser("early" + i, i));
        }
        String counterPk = TableLayout.counterPk(store);
        for (var item : deployment.dynamo().query(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(java.util.Map.of(":pk", AttributeValue.fromS(counterPk)))).items()) {
            deployment.dynamo().deleteItem(b -> b.tableName(table).key(java.util.Map.of("pk", item.get("pk"),
                    "sk", item.get("sk"))));
        }
        assertEquals(new CounterChecker.Counts(5, 0, false), CounterChecker.counts(deployment.dynamo(), table, store));

        // WHEN the store is first listed
        ListUserResponse first = listUser(1, 1);

        // THEN it is counted, and the count is kept as the counter's base
        assertEquals(5L, first.getTotal());
        assertEquals(new CounterChecker.Counts(5, 5, true), CounterChecker.counts(deployment.dynamo(), table, store));

        // WHEN one user is created and two of the early ones are deleted
        createUser("newcomer", 9);
        DeleteUsersRequest delete = new DeleteUsersRequest();
        delete.setUserStoreId(store);
        delete.setUserIds(new String[]{ids.get(0), ids.get(3)});
        tencent().DeleteUsers(delete);

        // THEN the total follows, and the counter agrees with the users stored
        assertEquals(4L, listUser(1, 1).getTotal());
        assertEquals(4, CounterChecker.assertExact(deployment.dynamo(), table, store));

        // WHEN a user item appears that no counted write made (as if written behind Roster's back)
        deployment.dynamo().putItem(b -> b.tableName(table).item(UserItemMapper.toItem(UserSeeder.user(store, 99))));

        // THEN the total is still the counter's: listing does not recount the store
        assertEquals(4L, listUser(1, 1).getTotal());
    }
}
