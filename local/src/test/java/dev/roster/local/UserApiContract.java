package dev.roster.local;

import dev.roster.local.ApiClient.Reply;
import dev.roster.shared.security.PasswordHasher;
import dev.roster.shared.security.PasswordVerifier;
import dev.roster.shared.security.PasswordCredential;
import dev.roster.shared.user.UserItemMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user API's rules, through HTTP against real DynamoDB. Runs against the embedded emulators here and against
 * LocalStack where Docker exists. Each test works in a user store of its own.
 */
abstract class UserApiContract {

    protected abstract LocalDeployment deployment();

    private ApiClient api;
    private String store;

    @BeforeEach
    void setUp() {
        api = new ApiClient(deployment().port());
        store = "store-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String users() {
        return "/userstores/" + store + "/users";
    }

    private static String userJson(String name, String email, String phone) {
        return "{\"UserName\":\"" + name + "\",\"Email\":\"" + email + "\",\"PhoneNumber\":\"" + phone
                + "\",\"Password\":\"correct horse battery\"}";
    }

    private Reply create(String name, String email, String phone) {
        return api.post(users(), userJson(name, email, phone));
    }

    private String createOk(String name, String email, String phone) {
        Reply reply = create(name, email, phone);
        assertEquals(201, reply.status(), reply.raw().body());
        return reply.user().get("UserId").asText();
    }

    private StoredItems stored() {
        return StoredItems.of(deployment().dynamo(), deployment().services().config().tableName(), store);
    }

    @Test
    void seedExampleCreatesAUserWhosePasswordIsOnlyStoredAsASlowHash() {
        // given the seed's CreateUser example body
        String body = "{\"UserStoreId\":\"" + store + "\",\"PhoneNumber\":\"+86-19877755556\","
                + "\"Email\":\"testuser006@test.com\",\"Password\":\"@ppServer123\",\"UserName\":\"testuser006\","
                + "\"UserOrg\":[\"8bee9039509c4c3c80b26fbb8cacedb9\"]}";

        // when
        Reply created = api.post(users(), body);

        // then
        assertEquals(201, created.status(), created.raw().body());
        String userId = created.user().get("UserId").asText();
        assertEquals(created.body().get("RequestId").asText(),
                created.raw().headers().firstValue("X-Request-Id").orElseThrow());
        assertFalse(created.raw().body().contains("@ppServer123"));
        Reply got = api.get(users() + "/" + userId);
        assertEquals(200, got.status());
        assertEquals(created.user(), got.user());
        StoredItems items = stored();
        assertEquals(1, items.users().size());
        assertEquals(3, items.guards().size());
        Map<String, AttributeValue> item = items.users().get(0);
        assertFalse(item.toString().contains("@ppServer123"), "no plain-text password in DynamoDB");
        PasswordCredential credential = UserItemMapper.fromItem(item).password();
        assertEquals(PasswordHasher.ALGORITHM, credential.algorithm());
        assertTrue(PasswordVerifier.matches(credential, "@ppServer123"));
        assertFalse(PasswordVerifier.matches(credential, "@ppServer124"));
    }

    @Test
    void fiftyConcurrentCreatesWithOneEmailStoreExactlyOneUser() throws Exception {
        // given 50 requests for one email (in differing case) with distinct names and phones
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Callable<Reply>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String email = (i % 2 == 0 ? "Race@Example.com" : "race@example.com");
            String name = "racer" + i;
            String phone = "+1-555-01" + String.format("%02d", i);
            calls.add(() -> create(name, email, phone));
        }

        // when
        List<Future<Reply>> futures = pool.invokeAll(calls);
        pool.shutdown();

        // then
        int created = 0;
        int conflicts = 0;
        for (Future<Reply> future : futures) {
            Reply reply = future.get();
            if (reply.status() == 201) {
                created++;
            } else {
                assertEquals(409, reply.status(), reply.raw().body());
                assertEquals("FailedOperation.EmailAlreadyExists", reply.errorCode());
                conflicts++;
            }
        }
        assertEquals(1, created);
        assertEquals(49, conflicts);
        StoredItems items = stored();
        assertEquals(1, items.users().size());
        assertEquals(3, items.guards().size(), "no guard of a losing request was left behind");
        assertEquals(1, counted(), "only the winner was counted");
    }

    /** The store's user counter, checked against the user items it counts. */
    private long counted() {
        return CounterChecker.assertExact(deployment().dynamo(), deployment().services().config().tableName(), store);
    }

    @Test
    void changingAnEmailMovesItsGuardAtomically() {
        // given
        String alice = createOk("alice", "alice@example.com", "+1-555-0100");
        createOk("bob", "bob@example.com", "+1-555-0101");

        // when alice takes a new email
        Reply moved = api.patch(users() + "/" + alice, "{\"Email\":\"alice@new.example.com\"}");

        // then the old one is free and the new one is hers
        assertEquals(200, moved.status(), moved.raw().body());
        assertEquals(2, moved.user().get("Version").asLong());
        assertEquals(0, api.get(users() + "?Email=alice@example.com").body().get("Users").size());
        assertEquals(alice, api.get(users() + "?Email=ALICE@new.example.com").body().get("Users").get(0)
                .get("UserId").asText());
        assertEquals(409, create("carol", "alice@new.example.com", "+1-555-0102").status());
        createOk("dave", "alice@example.com", "+1-555-0103");

        // when alice tries bob's email, nothing changes
        Reply taken = api.patch(users() + "/" + alice, "{\"Email\":\"bob@example.com\",\"Nickname\":\"x\"}");
        assertEquals(409, taken.status());
        assertEquals("FailedOperation.EmailAlreadyExists", taken.errorCode());
        Reply after = api.get(users() + "/" + alice);
        assertEquals("alice@new.example.com", after.user().get("Email").asText());
        assertTrue(after.user().get("Nickname").isNull());
        assertEquals(9, stored().guards().size());
    }

    @Test
    void deleteReleasesEveryIdentifier() {
        // given
        String userId = createOk("erin", "erin@example.com", "+1-555-0200");

        // when
        Reply deleted = api.delete(users() + "/" + userId);

        // then
        assertEquals(204, deleted.status());
        assertEquals(404, api.get(users() + "/" + userId).status());
        assertEquals("FailedOperation.UserNotFound", api.delete(users() + "/" + userId).errorCode());
        assertEquals(0, stored().total());
        assertEquals(0, counted());
        createOk("ERIN", "Erin@Example.com", "+1 555 0200");
        assertEquals(3, stored().guards().size());
    }

    @Test
    void userStoresAreIsolated() {
        // given a user in this store
        String userId = createOk("frank", "frank@example.com", "+1-555-0300");
        String other = "/userstores/other-" + store + "/users";

        // then another store neither sees, changes nor deletes it, and may reuse its identifiers
        assertEquals(404, api.get(other + "/" + userId).status());
        assertEquals(404, api.patch(other + "/" + userId, "{\"Nickname\":\"x\"}").status());
        assertEquals(404, api.delete(other + "/" + userId).status());
        assertEquals(0, api.get(other + "?Email=frank@example.com").body().get("Users").size());
        assertEquals(0, api.get(other).body().get("Users").size());
        assertEquals(201, api.post(other, userJson("frank", "frank@example.com", "+1-555-0300")).status());
        Reply mine = api.get(users() + "/" + userId);
        assertEquals(200, mine.status());
        assertTrue(mine.user().get("Nickname").isNull());
    }

    @Test
    void ifMatchGivesOptimisticConcurrency() {
        // given
        String userId = createOk("gina", "gina@example.com", "+1-555-0400");

        // when / then: the current version succeeds, a stale one is refused
        Reply first = api.patch(users() + "/" + userId, "{\"Nickname\":\"g1\"}", "If-Match", "\"1\"");
        assertEquals(200, first.status(), first.raw().body());
        assertEquals("\"2\"", first.raw().headers().firstValue("ETag").orElseThrow());
        Reply stale = api.patch(users() + "/" + userId, "{\"Nickname\":\"g2\"}", "If-Match", "\"1\"");
        assertEquals(409, stale.status());
        assertEquals("FailedOperation.VersionConflict", stale.errorCode());
        Reply staleBody = api.patch(users() + "/" + userId, "{\"Nickname\":\"g3\",\"Version\":1}");
        assertEquals(409, staleBody.status());
        assertEquals(409, api.delete(users() + "/" + userId, "If-Match", "1").status());
        assertEquals("g1", api.get(users() + "/" + userId).user().get("Nickname").asText());
    }

    @Test
    void updateIsPartial() {
        // given
        String userId = createOk("hank", "hank@example.com", "+1-555-0500");
        api.patch(users() + "/" + userId, "{\"Nickname\":\"h\",\"Address\":\"1 Main St\",\"UserGroup\":[\"g1\"],"
                + "\"CustomizationAttributes\":[{\"Name\":\"plan\",\"Value\":\"gold\",\"Type\":\"STRING\"},"
                + "{\"Name\":\"age\",\"Value\":\"42\",\"Type\":\"NUMBER\"}]}");

        // when
        Reply reply = api.patch(users() + "/" + userId, "{\"Address\":null,"
                + "\"CustomizationAttributes\":[{\"Name\":\"plan\",\"Value\":\"silver\",\"Type\":\"STRING\"}]}");

        // then
        assertEquals(200, reply.status(), reply.raw().body());
        assertEquals("h", reply.user().get("Nickname").asText());
        assertTrue(reply.user().get("Address").isNull());
        assertEquals("g1", reply.user().get("UserGroups").get(0).asText());
        assertEquals(2, reply.user().get("CustomAttributes").size());
        assertEquals("hank@example.com", reply.user().get("Email").asText());
        assertEquals(reply.user(), api.get(users() + "/" + userId).user());
    }

    @Test
    void listingPagesThroughEveryUserOnceAndFiltersByGroup() {
        // given 25 users, 5 of them in group "vip"
        for (int i = 0; i < 25; i++) {
            Reply reply = api.post(users(), "{\"UserName\":\"u" + i + "\",\"Email\":\"u" + i + "@example.com\","
                    + "\"PhoneNumber\":\"+1-555-1" + String.format("%03d", i) + "\",\"Password\":\"password123\""
                    + (i % 5 == 0 ? ",\"UserGroup\":[\"vip\"]" : "") + "}");
            assertEquals(201, reply.status(), reply.raw().body());
        }

        // when
        Set<String> seen = new HashSet<>();
        List<Integer> sizes = new ArrayList<>();
        String token = null;
        do {
            Reply page = api.get(users() + "?PageSize=10" + (token == null ? "" : "&NextToken=" + token));
            assertEquals(200, page.status(), page.raw().body());
            page.body().get("Users").forEach(u -> assertTrue(seen.add(u.get("UserId").asText()), "seen twice"));
            sizes.add(page.body().get("Users").size());
            token = page.body().get("NextToken").isNull() ? null : page.body().get("NextToken").asText();
        } while (token != null);

        // then
        assertEquals(25, seen.size());
        assertEquals(List.of(10, 10, 5), sizes);
        Reply vip = api.get(users() + "?UserGroup=vip&PageSize=100");
        assertEquals(5, vip.body().get("Users").size());
        vip.body().get("Users").forEach(u -> assertEquals("vip", u.get("UserGroups").get(0).asText()));
        assertEquals("u7", api.get(users() + "?UserName=U7").body().get("Users").get(0).get("UserName").asText());
        assertEquals("u8", api.get(users() + "?PhoneNumber=%2B15551008").body().get("Users").get(0)
                .get("UserName").asText());
    }

    static Stream<Arguments> badRequests() {
        String ok = "\"UserName\":\"ivy\",\"Email\":\"ivy@example.com\",\"PhoneNumber\":\"+1-555-0600\","
                + "\"Password\":\"password123\"";
        return Stream.of(
                Arguments.of("POST", "", null, 400, "MissingParameter"),
                Arguments.of("POST", "", "", 400, "MissingParameter"),
                Arguments.of("POST", "", "{\"UserName\":\"ivy\"", 400, "InvalidParameter"),
                Arguments.of("POST", "", "[1,2]", 400, "InvalidParameter"),
                Arguments.of("POST", "", "{" + ok.replace("\"Password\":\"password123\"", "\"Nickname\":\"n\"") + "}",
                        400, "MissingParameter"),
                Arguments.of("POST", "", "{" + ok + ",\"Role\":\"admin\"}", 400, "UnknownParameter"),
                Arguments.of("POST", "", "{" + ok + ",\"Birthdate\":\"1990-01-01\"}", 400, "InvalidParameterValue"),
                Arguments.of("POST", "", "{" + ok + ",\"UserGroup\":\"g1\"}", 400, "InvalidParameterValue"),
                Arguments.of("POST", "", "{" + ok.replace("ivy@example.com", "not-an-email") + "}", 400,
                        "InvalidParameterValue"),
                Arguments.of("POST", "", "{" + ok.replace("+1-555-0600", "call me") + "}", 400,
                        "InvalidParameterValue"),
                Arguments.of("POST", "", "{" + ok + ",\"IndexedAttribute1\":\"" + "x".repeat(513) + "\"}", 400,
                        "FailedOperation.IndexedAttributeTooLong"),
                Arguments.of("POST", "", "{" + ok + ",\"CustomizationAttributes\":[{\"Name\":\"n\",\"Value\":\"x\","
                        + "\"Type\":\"NUMBER\"}]}", 400, "FailedOperation.AttributeFormatError"),
                Arguments.of("POST", "", "{" + ok + ",\"CustomizationAttributes\":[{\"Name\":\"n\",\"Value\":\"x\","
                        + "\"Type\":\"COLOUR\"}]}", 400, "InvalidParameterValue"),
                Arguments.of("POST", "", "{" + ok + ",\"Nickname\":\"" + "x".repeat(70_000) + "\"}", 413,
                        "RequestSizeLimitExceeded"),
                Arguments.of("POST", "", "{" + ok + ",\"UserName\":\"dup\"}", 400, "InvalidParameter"),
                Arguments.of("GET", "?PageSize=0", null, 400, "InvalidParameterValue"),
                Arguments.of("GET", "?PageSize=ten", null, 400, "InvalidParameterValue"),
                Arguments.of("GET", "?Colour=red", null, 400, "UnknownParameter"),
                Arguments.of("GET", "?NextToken=garbage", null, 400, "InvalidParameterValue"),
                Arguments.of("GET", "/0123456789abcdef0123456789abcdef", null, 404, "FailedOperation.UserNotFound"),
                Arguments.of("GET", "/not-a-user-id", null, 404, "FailedOperation.UserNotFound"),
                Arguments.of("PATCH", "/0123456789abcdef0123456789abcdef", "{\"Nickname\":\"x\"}", 404,
                        "FailedOperation.UserNotFound"),
                Arguments.of("DELETE", "/0123456789abcdef0123456789abcdef", null, 404,
                        "FailedOperation.UserNotFound"));
    }

    @ParameterizedTest(name = "{0} {1} -> {3} {4}")
    @MethodSource("badRequests")
    void badRequestsGetTheirCodeAndWriteNothing(String method, String suffix, String body, int status, String code) {
        // when
        Reply reply = api.send(method, users() + suffix, body);

        // then
        assertEquals(status, reply.status(), reply.raw().body());
        assertEquals(code, reply.errorCode());
        assertTrue(reply.body().has("RequestId"));
        assertEquals(0, stored().total());
    }

    @Test
    void lookAlikeSpellingsOfAnIdentifierCollide() {
        // GIVEN a user
        String userId = createOk("John", "john@example.com", "+1-555-0800");

        // WHEN others are created with a full-width, upper-case or decomposed spelling of one of its identifiers
        Reply wideName = create("\uff4a\uff4f\uff48\uff4e", "other1@example.com", "+1-555-0801");
        Reply wideEmail = create("other2", "\uff2a\uff2f\uff28\uff2e@EXAMPLE.COM", "+1-555-0802");
        Reply widePhone = create("other3", "other3@example.com", "\uff0b\uff11-\uff15\uff15\uff15-\uff10\uff18\uff10\uff10");
        String accented = createOk("Jos\u00e9", "jose@example.com", "+1-555-0810");
        Reply decomposed = create("JOSE\u0301", "other4@example.com", "+1-555-0804");

        // THEN each is the identifier already taken
        assertEquals("FailedOperation.UserNameAlreadyExists", wideName.errorCode(), wideName.raw().body());
        assertEquals("FailedOperation.EmailAlreadyExists", wideEmail.errorCode(), wideEmail.raw().body());
        assertEquals("FailedOperation.PhoneNumberAlreadyExists", widePhone.errorCode(), widePhone.raw().body());
        assertEquals("FailedOperation.UserNameAlreadyExists", decomposed.errorCode(), decomposed.raw().body());
        // AND lookups by any spelling find the user, and only the two users exist
        Reply byWideName = api.get(users() + "?UserName=%EF%BC%AA%EF%BC%AF%EF%BC%A8%EF%BC%AE");
        assertEquals(userId, byWideName.body().get("Users").get(0).get("UserId").asText(), byWideName.raw().body());
        Reply byDecomposed = api.get(users() + "?UserName=jose%CC%81");
        assertEquals(accented, byDecomposed.body().get("Users").get(0).get("UserId").asText(),
                byDecomposed.raw().body());
        assertEquals(2, stored().users().size());
        assertEquals(6, stored().guards().size());
    }

    @Test
    void fullWidthIdentifiersAreStoredWidthMapped() {
        // WHEN a user is created with full-width identifiers
        Reply created = create("\uff2a\uff4f\uff48\uff4e", "\uff4a@example.com", "\uff0b\uff11-\uff15\uff15\uff15-\uff10\uff18\uff10\uff10");

        // THEN they are stored and returned in ASCII, the user name's case kept
        assertEquals(201, created.status(), created.raw().body());
        assertEquals("John", created.user().get("UserName").asText());
        assertEquals("j@example.com", created.user().get("Email").asText());
        assertEquals("+1-555-0800", created.user().get("PhoneNumber").asText());
    }

    @Test
    void aLoneSurrogateIsRefusedNotStoredAsAQuestionMark() {
        // GIVEN a user named "john?"
        createOk("john?", "q@example.com", "+1-555-0820");

        // WHEN another user is named "john" and a lone surrogate
        Reply reply = create("john\\ud800", "s@example.com", "+1-555-0821");

        // THEN it is refused as an invalid value (not stored as "john?", nor refused as taken)
        assertEquals(400, reply.status(), reply.raw().body());
        assertEquals("InvalidParameterValue", reply.errorCode());
        assertTrue(reply.body().get("Error").get("Message").asText().contains("UserName"), reply.raw().body());
        assertEquals(1, stored().users().size());
    }

    static Stream<Arguments> unicodeRefusals() {
        return Stream.of(
                Arguments.of("UserName", "\\u202ejohn"), // bidi override
                Arguments.of("UserName", "jo\\u200bhn"), // zero-width space
                Arguments.of("UserName", "jo\\u0085hn"), // C1 control
                Arguments.of("UserName", "jo\\ufffdhn"), // the mark of a lossy decode
                Arguments.of("UserName", "john\\ud83d\\ude00"), // emoji
                Arguments.of("Email", "jo\\u200bhn@example.com"),
                Arguments.of("Email", "jo\\udfffhn@example.com"),
                Arguments.of("PhoneNumber", "+1-555\\u202e-0830"),
                Arguments.of("Password", "\\u0000".repeat(10)),
                Arguments.of("Password", "password\\u200b"),
                Arguments.of("Nickname", "nick\\ud800"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unicodeRefusals")
    void unicodeThatIdentitySystemsRefuseIsInvalidAndWritesNothing(String field, String jsonValue) {
        // GIVEN a valid CreateUser body but for one field
        Map<String, String> fields = new java.util.LinkedHashMap<>(Map.of("UserName", "ursula",
                "Email", "ursula@example.com", "PhoneNumber", "+1-555-0830", "Password", "correct horse battery"));
        fields.put(field, jsonValue);
        StringBuilder json = new StringBuilder();
        fields.forEach((name, value) -> json.append(json.length() == 0 ? "{" : ",").append('"').append(name)
                .append("\":\"").append(value).append('"'));
        String body = json.append('}').toString();

        // WHEN it is sent
        Reply reply = api.post(users(), body);

        // THEN it is refused naming the field, and nothing is written
        assertEquals(400, reply.status(), body + " -> " + reply.raw().body());
        assertEquals("InvalidParameterValue", reply.errorCode());
        assertTrue(reply.body().get("Error").get("Message").asText().contains(field), reply.raw().body());
        assertEquals(0, stored().total());
    }

    @Test
    void aBodyThatIsNotUtf8IsRefusedAndWritesNothing() {
        // GIVEN a CreateUser body whose user name holds a byte that is not UTF-8 (0xFF), where a lenient decoder
        // would put U+FFFD
        byte[] head = "{\"UserName\":\"jo".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] tail = (userJson("hn", "v@example.com", "+1-555-0840").substring("{\"UserName\":\"".length()))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + 1 + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        body[head.length] = (byte) 0xFF;
        System.arraycopy(tail, 0, body, head.length + 1, tail.length);

        // WHEN it is sent
        Reply reply = api.send("POST", users(), body, "Content-Type", "application/json");

        // THEN it is refused, and nothing is written
        assertEquals(400, reply.status(), reply.raw().body());
        assertEquals("InvalidParameterValue", reply.errorCode());
        assertEquals(0, stored().total());
    }

    @Test
    void invalidUserStoreIdIsRefused() {
        // when
        Reply reply = api.post("/userstores/bad%23store/users", userJson("jo", "jo@example.com", "+1-555-0700"));

        // then
        assertEquals(400, reply.status());
        assertEquals("InvalidParameterValue", reply.errorCode());
    }

    @Test
    void updatesThatChangeNothingDoNotBumpTheVersion() {
        // given
        String userId = createOk("kim", "kim@example.com", "+1-555-0800");

        // when
        Reply same = api.patch(users() + "/" + userId, "{\"Email\":\"kim@example.com\"}");

        // then
        assertEquals(200, same.status());
        assertEquals(1, same.user().get("Version").asLong());
        assertNull(api.get(users() + "/" + userId).errorCode());
    }
}
