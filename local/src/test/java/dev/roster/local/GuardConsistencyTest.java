package dev.roster.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.local.ApiClient.Reply;
import dev.roster.shared.user.UniqueKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Uniqueness under contention: 100 creates, updates and deletes at once, all fighting over 8 emails, 8 phone numbers
 * and 8 user names (in differing case and formatting) of one store. Whatever interleaving happens, every answer must
 * be a well-defined one, and afterwards the users and their uniqueness guards in DynamoDB must agree exactly.
 */
class GuardConsistencyTest {

    private static final int POOL = 8;
    private static final int REQUESTS = 100;
    private static final int THREADS = 16;
    private static final Set<String> TAKEN = Set.of("FailedOperation.EmailAlreadyExists",
            "FailedOperation.PhoneNumberAlreadyExists", "FailedOperation.UserNameAlreadyExists", "ResourceInUse");
    private static final String VERSION_CONFLICT = "FailedOperation.VersionConflict";
    private static final String NOT_FOUND = "FailedOperation.UserNotFound";

    private enum Op { CREATE, UPDATE, DELETE }

    /** One request of the storm and what it got back. */
    private record Outcome(int index, Op op, String userId, String request, Reply reply) {
        String describe() {
            return "#" + index + " " + op + " " + (userId == null ? "" : userId + " ") + request + " -> "
                    + reply.status() + " " + reply.raw().body();
        }
    }

    private ApiClient api;
    private String store;

    @BeforeEach
    void setUp() {
        api = new ApiClient(TestAws.userApiDeployment().port());
        store = "guard-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String users() {
        return "/userstores/" + store + "/users";
    }

    /** The same identifier written three ways: all three normalise to one key. */
    private static String email(int i, int variant) {
        return switch (variant % 3) {
            case 0 -> "pool" + i + "@example.com";
            case 1 -> "Pool" + i + "@Example.com";
            default -> "POOL" + i + "@EXAMPLE.COM";
        };
    }

    private static String phone(int i, int variant) {
        return switch (variant % 3) {
            case 0 -> "+1-555-010" + i;
            case 1 -> "+1 555 010" + i;
            default -> "+1555010" + i;
        };
    }

    private static String name(int i, int variant) {
        return switch (variant % 3) {
            case 0 -> "member" + i;
            case 1 -> "Member" + i;
            default -> "MEMBER" + i;
        };
    }

    private static String createBody(Random random) {
        return "{\"UserName\":\"" + name(random.nextInt(POOL), random.nextInt(3)) + "\",\"Email\":\""
                + email(random.nextInt(POOL), random.nextInt(3)) + "\",\"PhoneNumber\":\""
                + phone(random.nextInt(POOL), random.nextInt(3)) + "\",\"Password\":\"correct horse battery\"}";
    }

    /** Changes one to three identifiers, and always the nickname, so no update is ever a no-op. */
    private static String updateBody(Random random, int index) {
        List<String> fields = new ArrayList<>();
        int which = 1 + random.nextInt(7);
        if ((which & 1) != 0) {
            fields.add("\"Email\":\"" + email(random.nextInt(POOL), random.nextInt(3)) + "\"");
        }
        if ((which & 2) != 0) {
            fields.add("\"PhoneNumber\":\"" + phone(random.nextInt(POOL), random.nextInt(3)) + "\"");
        }
        if ((which & 4) != 0) {
            fields.add("\"UserName\":\"" + name(random.nextInt(POOL), random.nextInt(3)) + "\"");
        }
        fields.add("\"Nickname\":\"n" + index + "\"");
        return "{" + String.join(",", fields) + "}";
    }

    private Outcome run(int index, long seed, List<String> known) {
        Random random = new Random(seed * 1_000 + index);
        int roll = random.nextInt(100);
        Op op = roll < 35 ? Op.CREATE : roll < 85 ? Op.UPDATE : Op.DELETE;
        if (op == Op.CREATE) {
            String body = createBody(random);
            Reply reply = api.post(users(), body);
            String userId = reply.status() == 201 ? reply.user().get("UserId").asText() : null;
            if (userId != null) {
                known.add(userId);
            }
            return new Outcome(index, op, userId, body, reply);
        }
        // One in twenty aims at a user that never existed; the rest at one created so far (maybe deleted by now).
        String target = random.nextInt(20) == 0 ? UUID.randomUUID().toString().replace("-", "")
                : known.get(random.nextInt(known.size()));
        String[] ifMatch = random.nextInt(5) == 0
                ? new String[] {"If-Match", "\"" + (1 + random.nextInt(3)) + "\""} : new String[0];
        if (op == Op.UPDATE) {
            String body = updateBody(random, index);
            return new Outcome(index, op, target, body + " " + String.join(" ", ifMatch),
                    api.patch(users() + "/" + target, body, ifMatch));
        }
        return new Outcome(index, op, target, String.join(" ", ifMatch), api.delete(users() + "/" + target, ifMatch));
    }

    /** Why an answer is not one of those the API may give this request; null when it is. */
    private static String unexpected(Outcome outcome) {
        int status = outcome.reply().status();
        String code = outcome.reply().errorCode();
        boolean ok = switch (outcome.op()) {
            case CREATE -> status == 201 || (status == 409 && TAKEN.contains(code));
            case UPDATE -> status == 200 || (status == 404 && NOT_FOUND.equals(code))
                    || (status == 409 && (TAKEN.contains(code) || VERSION_CONFLICT.equals(code)));
            case DELETE -> status == 204 || (status == 404 && NOT_FOUND.equals(code))
                    || (status == 409 && (VERSION_CONFLICT.equals(code) || "ResourceInUse".equals(code)));
        };
        return ok ? null : outcome.describe();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void parallelCreatesUpdatesAndDeletesKeepUsersAndGuardsInStep(long seed) throws Exception {
        // GIVEN five users already holding identifiers of the pool
        List<String> known = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 5; i++) {
            Reply created = api.post(users(), "{\"UserName\":\"" + name(i, 0) + "\",\"Email\":\"" + email(i, 0)
                    + "\",\"PhoneNumber\":\"" + phone(i, 0) + "\",\"Password\":\"correct horse battery\"}");
            assertEquals(201, created.status(), created.raw().body());
            known.add(created.user().get("UserId").asText());
        }
        List<String> initial = List.copyOf(known);

        // WHEN 100 mixed requests are sent at once from 16 threads
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Outcome>> futures = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            int index = i;
            futures.add(pool.submit(() -> {
                go.await();
                return run(index, seed, known);
            }));
        }
        go.countDown();
        List<Outcome> outcomes = new ArrayList<>();
        try {
            for (Future<Outcome> future : futures) {
                outcomes.add(future.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        // THEN every answer is one the API documents: no 5xx, no 400 for these well-formed requests
        Map<String, Integer> tally = new TreeMap<>();
        outcomes.forEach(o -> tally.merge(o.op() + " " + o.reply().status()
                + (o.reply().errorCode() == null ? "" : " " + o.reply().errorCode()), 1, Integer::sum));
        List<String> wrong = outcomes.stream().map(GuardConsistencyTest::unexpected).filter(w -> w != null).toList();
        assertTrue(wrong.isEmpty(), "unexpected answers (seed " + seed + ", all answers: " + tally + "):\n  "
                + String.join("\n  ", wrong));
        assertTrue(tally.keySet().stream().anyMatch(k -> k.matches("(CREATE 201|UPDATE 200|DELETE 204).*")),
                "no write succeeded: " + tally);
        assertTrue(tally.keySet().stream().anyMatch(k -> k.contains(" 409 ")), "nothing collided: " + tally);

        // THEN the table's users and guards agree exactly
        GuardChecker.Result stored = GuardChecker.assertConsistent(TestAws.userApiDeployment().dynamo(),
                "roster-user-api", store);

        // THEN the store's user counter counted every create and delete that happened, and nothing else
        assertEquals(stored.users().size(), CounterChecker.assertExact(TestAws.userApiDeployment().dynamo(),
                "roster-user-api", store));

        // THEN the API lists exactly those users, and no two of them share an identifier
        Map<String, JsonNode> listed = listAll();
        assertEquals(stored.users().keySet(), listed.keySet(), "the API and the table disagree on who exists");
        Map<UniqueKey, Map<String, String>> owners = new HashMap<>();
        for (JsonNode user : listed.values()) {
            for (UniqueKey key : UniqueKey.values()) {
                String value = key.normalize(user.get(field(key)).asText());
                String previous = owners.computeIfAbsent(key, k -> new HashMap<>())
                        .put(value, user.get("UserId").asText());
                assertEquals(null, previous, key + " " + value + " is shared by " + previous + " and "
                        + user.get("UserId").asText());
            }
        }

        // THEN each exact-match lookup finds exactly the user holding the value, in any spelling
        for (UniqueKey key : UniqueKey.values()) {
            for (int i = 0; i < POOL; i++) {
                String spelled = switch (key) {
                    case EMAIL -> email(i, i + 1);
                    case PHONE -> phone(i, i + 2);
                    case USERNAME -> name(i, i);
                };
                Reply found = api.get(users() + "?" + field(key) + "="
                        + URLEncoder.encode(spelled, StandardCharsets.UTF_8));
                assertEquals(200, found.status(), found.raw().body());
                String owner = owners.getOrDefault(key, Map.of()).get(key.normalize(spelled));
                JsonNode hits = found.body().get("Users");
                assertEquals(owner == null ? 0 : 1, hits.size(), key + " " + spelled + ": " + hits);
                if (owner != null) {
                    assertEquals(owner, hits.get(0).get("UserId").asText(), key + " " + spelled);
                }
            }
        }

        // THEN a user is deleted at most once, deleted users are gone, and the others all still exist
        Map<String, Integer> deletes = new HashMap<>();
        Set<String> everCreated = new HashSet<>(initial);
        for (Outcome outcome : outcomes) {
            if (outcome.op() == Op.DELETE && outcome.reply().status() == 204) {
                deletes.merge(outcome.userId(), 1, Integer::sum);
            }
            if (outcome.op() == Op.CREATE && outcome.userId() != null) {
                everCreated.add(outcome.userId());
            }
        }
        deletes.forEach((userId, times) -> assertEquals(1, times, "user " + userId + " was deleted twice"));
        for (String userId : everCreated) {
            assertEquals(!deletes.containsKey(userId), listed.containsKey(userId),
                    "user " + userId + (deletes.containsKey(userId) ? " was deleted but exists" : " vanished"));
        }
        deletes.keySet().forEach(userId -> assertEquals(404, api.get(users() + "/" + userId).status()));

        // THEN no update was lost: each successful one made a version of its own, and the newest is what is stored
        Map<String, List<JsonNode>> updates = new HashMap<>();
        for (Outcome outcome : outcomes) {
            if (outcome.op() == Op.UPDATE && outcome.reply().status() == 200) {
                updates.computeIfAbsent(outcome.userId(), k -> new ArrayList<>()).add(outcome.reply().user());
            }
        }
        updates.forEach((userId, results) -> {
            Set<Long> versions = new HashSet<>();
            results.forEach(u -> assertTrue(versions.add(u.get("Version").asLong()),
                    "two updates of " + userId + " both made version " + u.get("Version")));
            JsonNode now = listed.get(userId);
            if (now != null) {
                assertEquals(1 + results.size(), now.get("Version").asLong(), "updates of " + userId + " were lost");
                JsonNode newest = results.stream().max((a, b) -> Long.compare(a.get("Version").asLong(),
                        b.get("Version").asLong())).orElseThrow();
                for (String field : List.of("Email", "PhoneNumber", "UserName", "Nickname")) {
                    assertEquals(newest.get(field), now.get(field), field + " of " + userId);
                }
            }
        });
    }

    @Test
    void theCheckerSeesAMissingAWrongAndAnOrphanGuard() {
        // GIVEN a user, whose email guard is then deleted, phone guard re-pointed, plus a guard owned by nobody
        Reply created = api.post(users(), "{\"UserName\":\"probe\",\"Email\":\"Probe@example.com\","
                + "\"PhoneNumber\":\"+1 555 0199\",\"Password\":\"correct horse battery\"}");
        assertEquals(201, created.status(), created.raw().body());
        String userId = created.user().get("UserId").asText();
        var dynamo = TestAws.userApiDeployment().dynamo();
        assertTrue(GuardChecker.check(dynamo, "roster-user-api", store).consistent());
        String prefix = "US#" + store + "#";
        dynamo.deleteItem(b -> b.tableName("roster-user-api").key(Map.of(
                "pk", AttributeValue.fromS(prefix + "EMAIL#probe@example.com"), "sk", AttributeValue.fromS("GUARD"))));
        dynamo.putItem(b -> b.tableName("roster-user-api").item(Map.of(
                "pk", AttributeValue.fromS(prefix + "PHONE#+15550199"), "sk", AttributeValue.fromS("GUARD"),
                "UserId", AttributeValue.fromS("0123456789abcdef0123456789abcdef"),
                "Kind", AttributeValue.fromS("PHONE"))));
        dynamo.putItem(b -> b.tableName("roster-user-api").item(Map.of(
                "pk", AttributeValue.fromS(prefix + "USERNAME#ghost"), "sk", AttributeValue.fromS("GUARD"),
                "UserId", AttributeValue.fromS(userId), "Kind", AttributeValue.fromS("USERNAME"))));

        // WHEN
        GuardChecker.Result result = GuardChecker.check(dynamo, "roster-user-api", store);

        // THEN each disagreement is reported
        String problems = String.join("\n", result.problems());
        assertTrue(problems.contains("EMAIL probe@example.com but no guard"), problems);
        assertTrue(problems.contains("PHONE +15550199, whose guard is held by 0123456789abcdef"), problems);
        assertTrue(problems.contains("#PHONE#+15550199 points to user 0123456789abcdef0123456789abcdef, who does not"
                + " exist"), problems);
        assertTrue(problems.contains("#USERNAME#ghost points to user " + userId + ", whose USERNAME is probe"),
                problems);
        assertEquals(1, result.users().size());
    }

    private static String field(UniqueKey key) {
        return switch (key) {
            case EMAIL -> "Email";
            case PHONE -> "PhoneNumber";
            case USERNAME -> "UserName";
        };
    }

    private Map<String, JsonNode> listAll() {
        Map<String, JsonNode> all = new HashMap<>();
        String token = null;
        for (int page = 0; page < 50; page++) {
            Reply reply = api.get(users() + "?PageSize=100" + (token == null ? "" : "&NextToken=" + token));
            assertEquals(200, reply.status(), reply.raw().body());
            for (JsonNode user : reply.body().get("Users")) {
                assertNotNull(user.get("UserId"));
                if (all.put(user.get("UserId").asText(), user) != null) {
                    fail("user " + user.get("UserId").asText() + " listed twice");
                }
            }
            JsonNode next = reply.body().get("NextToken");
            if (next == null || next.isNull()) {
                return all;
            }
            token = next.asText();
        }
        return fail("the listing did not end within 50 pages");
    }
}
