package dev.roster.local;

import com.tencentcloudapi.ciam.v20220331.CiamClient;
import com.tencentcloudapi.ciam.v20220331.models.CreateApiImportUserJobRequest;
import com.tencentcloudapi.ciam.v20220331.models.CreateFileExportUserJobRequest;
import com.tencentcloudapi.ciam.v20220331.models.CreateUserRequest;
import com.tencentcloudapi.ciam.v20220331.models.DeleteUsersRequest;
import com.tencentcloudapi.ciam.v20220331.models.DescribeUserByIdRequest;
import com.tencentcloudapi.ciam.v20220331.models.ExportPropertyMap;
import com.tencentcloudapi.ciam.v20220331.models.Filter;
import com.tencentcloudapi.ciam.v20220331.models.ImportUser;
import com.tencentcloudapi.ciam.v20220331.models.Job;
import com.tencentcloudapi.ciam.v20220331.models.ListJobsRequest;
import com.tencentcloudapi.ciam.v20220331.models.ListUserRequest;
import com.tencentcloudapi.ciam.v20220331.models.ListUserResponse;
import com.tencentcloudapi.ciam.v20220331.models.MemberMap;
import com.tencentcloudapi.ciam.v20220331.models.Pageable;
import com.tencentcloudapi.ciam.v20220331.models.Salt;
import com.tencentcloudapi.ciam.v20220331.models.SaltLocation;
import com.tencentcloudapi.ciam.v20220331.models.UpdateUserRequest;
import com.tencentcloudapi.ciam.v20220331.models.User;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.Sign;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tencent Cloud's official Java SDK, unchanged, pointed at the local runner: the CIAM actions end to end. */
class TencentSdkTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final LocalDeployment deployment = TestAws.deployment();
    private String store;

    @BeforeEach
    void setUp() {
        store = "tc-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private CiamClient client(String secretId, String secretKey) {
        HttpProfile http = new HttpProfile();
        http.setEndpoint("127.0.0.1:" + deployment.port());
        http.setProtocol("http://");
        ClientProfile profile = new ClientProfile();
        profile.setHttpProfile(http);
        return new CiamClient(new Credential(secretId, secretKey), "ap-singapore", profile);
    }

    private CiamClient client() {
        return client(TestAws.TENCENT_SECRET_ID, TestAws.TENCENT_SECRET_KEY);
    }

    private User createUser(String name) throws TencentCloudSDKException {
        CreateUserRequest request = new CreateUserRequest();
        request.setUserStoreId(store);
        request.setUserName(name);
        request.setEmail(name + "@test.com");
        request.setPhoneNumber("+86-198" + String.format("%08d", Math.abs(name.hashCode()) % 100_000_000));
        request.setPassword("@ppServer123");
        return client().CreateUser(request).getUser();
    }

    private Job awaitJob(String jobId) {
        return Await.until(() -> {
            ListJobsRequest request = new ListJobsRequest();
            request.setUserStoreId(store);
            request.setJobIds(new String[]{jobId});
            try {
                return client().ListJobs(request).getJobSet()[0];
            } catch (TencentCloudSDKException e) {
                throw new IllegalStateException(e);
            }
        }, job -> job.getStatus().equals("COMPLETED") || job.getStatus().equals("FAILED"), WAIT, "job " + jobId);
    }

    @Test
    void createDescribeUpdateListAndDeleteUsersWithTheSdk() throws Exception {
        // given
        User created = createUser("testuser006");
        for (int i = 0; i < 4; i++) {
            createUser("other" + i);
        }

        // when / then: describe
        DescribeUserByIdRequest describe = new DescribeUserByIdRequest();
        describe.setUserStoreId(store);
        describe.setUserId(created.getUserId());
        User described = client().DescribeUserById(describe).getUser();
        assertEquals("testuser006", described.getUserName());
        assertEquals("NOT_ENABLED", described.getStatus());

        // when / then: update with the request's names, read back under the User object's names
        UpdateUserRequest update = new UpdateUserRequest();
        update.setUserStoreId(store);
        update.setUserId(created.getUserId());
        update.setNickname("zhang");
        update.setUserGroup(new String[]{"6cd22e51f6f7cb81"});
        MemberMap attribute = new MemberMap();
        attribute.setName("plan");
        attribute.setValue("gold");
        attribute.setType("STRING");
        update.setCustomizationAttributes(new MemberMap[]{attribute});
        User updated = client().UpdateUser(update).getUser();
        assertEquals("zhang", updated.getNickname());
        assertEquals("6cd22e51f6f7cb81", updated.getUserGroups()[0]);
        assertEquals("gold", updated.getCustomAttributes()[0].getValue());

        // when / then: list a numbered page, and filter
        ListUserRequest list = new ListUserRequest();
        list.setUserStoreId(store);
        Pageable pageable = new Pageable();
        pageable.setPageSize(2L);
        pageable.setPageNumber(3L);
        list.setPageable(pageable);
        ListUserResponse page = client().ListUser(list);
        assertEquals(5L, page.getTotal());
        assertEquals(1, page.getContent().length);
        Filter byEmail = new Filter();
        byEmail.setKey("condition");
        byEmail.setValues(new String[]{"testuser006@test.com"});
        byEmail.setLogic(true);
        list.setFilters(new Filter[]{byEmail});
        pageable.setPageNumber(1L);
        assertEquals(1L, client().ListUser(list).getTotal());

        // when / then: delete
        DeleteUsersRequest delete = new DeleteUsersRequest();
        delete.setUserStoreId(store);
        delete.setUserIds(new String[]{created.getUserId()});
        client().DeleteUsers(delete);
        TencentCloudSDKException gone = assertThrows(TencentCloudSDKException.class,
                () -> client().DescribeUserById(describe));
        assertEquals("FailedOperation.UserNotFound", gone.getErrorCode());
        assertNotNull(gone.getRequestId());
    }

    @Test
    void updateUserStatusLocksFreezesAndUnlocksThroughTheSdk() throws Exception {
        // given
        User created = createUser("status1");
        DescribeUserByIdRequest describe = new DescribeUserByIdRequest();
        describe.setUserStoreId(store);
        describe.setUserId(created.getUserId());
        com.tencentcloudapi.ciam.v20220331.models.UpdateUserStatusRequest request =
                new com.tencentcloudapi.ciam.v20220331.models.UpdateUserStatusRequest();
        request.setUserStoreId(store);
        request.setUserId(created.getUserId());

        // when / then: each of Tencent's values shows in the User object
        for (String status : new String[]{"LOCK", "FREEZE", "NORMAL"}) {
            request.setStatus(status);
            assertNotNull(client().UpdateUserStatus(request).getRequestId());
            assertEquals(status, client().DescribeUserById(describe).getUser().getStatus());
        }

        // and a value Tencent does not have is refused
        request.setStatus("DELETED");
        TencentCloudSDKException refused = assertThrows(TencentCloudSDKException.class,
                () -> client().UpdateUserStatus(request));
        assertEquals("InvalidParameterValue", refused.getErrorCode());
    }

    @Test
    void errorsArriveAsTheSdksExceptionsWithTheSeedsCodes() throws Exception {
        // given
        createUser("dup");

        // when / then
        TencentCloudSDKException duplicate = assertThrows(TencentCloudSDKException.class, () -> createUser("dup"));
        assertTrue(duplicate.getErrorCode().endsWith("AlreadyExists"), duplicate.getErrorCode());
        CreateUserRequest noEmail = createRequest("nobody1", null, "+86-19800000011");
        CreateUserRequest noPhone = createRequest("nobody2", "nobody2@test.com", null);
        CreateUserRequest noName = createRequest(null, "nobody3@test.com", "+86-19800000013");
        CreateUserRequest noPassword = createRequest("nobody4", "nobody4@test.com", "+86-19800000014");
        noPassword.setPassword(null);
        assertEquals("FailedOperation.EmailIsNull",
                assertThrows(TencentCloudSDKException.class, () -> client().CreateUser(noEmail)).getErrorCode());
        assertEquals("FailedOperation.PhoneNumberIsNull",
                assertThrows(TencentCloudSDKException.class, () -> client().CreateUser(noPhone)).getErrorCode());
        assertEquals("FailedOperation.UserNameIsNull",
                assertThrows(TencentCloudSDKException.class, () -> client().CreateUser(noName)).getErrorCode());
        assertEquals("FailedOperation.PasswordIsNull",
                assertThrows(TencentCloudSDKException.class, () -> client().CreateUser(noPassword)).getErrorCode());
    }

    @Test
    void unicodeLookAlikesCollideAndRefusedCodePointsAreInvalidThroughTheSdk() throws Exception {
        // GIVEN a user "dupe"
        createUser("dupe");

        // WHEN users are created with a full-width "ｄｕｐｅ", a zero-width space in a name, a password of NULs
        CreateUserRequest wide = createRequest("\uff44\uff55\uff50\uff45", "wide@test.com", "+86-19800000001");
        CreateUserRequest zeroWidth = createRequest("zero\u200bwidth", "zw@test.com", "+86-19800000002");
        CreateUserRequest nul = createRequest("nul", "nul@test.com", "+86-19800000003");
        nul.setPassword("\u0000".repeat(10));

        // THEN the first is the user name already taken, the others invalid values naming their field
        assertEquals("FailedOperation.UserNameAlreadyExists",
                assertThrows(TencentCloudSDKException.class, () -> client().CreateUser(wide)).getErrorCode());
        TencentCloudSDKException name = assertThrows(TencentCloudSDKException.class,
                () -> client().CreateUser(zeroWidth));
        assertEquals("InvalidParameterValue", name.getErrorCode());
        assertTrue(name.getMessage().contains("UserName"), name.getMessage());
        TencentCloudSDKException password = assertThrows(TencentCloudSDKException.class,
                () -> client().CreateUser(nul));
        assertEquals("InvalidParameterValue", password.getErrorCode());
        assertTrue(password.getMessage().contains("Password"), password.getMessage());
    }

    private CreateUserRequest createRequest(String name, String email, String phone) {
        CreateUserRequest request = new CreateUserRequest();
        request.setUserStoreId(store);
        request.setUserName(name);
        request.setEmail(email);
        request.setPhoneNumber(phone);
        request.setPassword("@ppServer123");
        return request;
    }

    @Test
    void badSignaturesUnknownKeysAndStaleTimestampsAreRefused() throws Exception {
        // when / then: the SDK with a wrong key, and with an unknown SecretId
        assertEquals("AuthFailure.SignatureFailure", assertThrows(TencentCloudSDKException.class,
                () -> client(TestAws.TENCENT_SECRET_ID, "wrong-key").CreateUser(new CreateUserRequest())).getErrorCode());
        assertEquals("AuthFailure.SecretIdNotFound", assertThrows(TencentCloudSDKException.class,
                () -> client("AKIDunknown", "whatever").CreateUser(new CreateUserRequest())).getErrorCode());

        // when / then: a correctly signed request from 10 minutes ago
        JsonNode stale = Json.parseObject(send("DescribeUserById", "{\"UserStoreId\":\"" + store
                + "\",\"UserId\":\"0123456789abcdef0123456789abcdef\"}", Instant.now().minusSeconds(600)));
        assertEquals("AuthFailure.SignatureExpire", stale.get("Response").get("Error").get("Code").asText());
    }

    @Test
    void theSeedsLiteralCreateUserExampleWorksWhenSigned() throws Exception {
        // given the seed's CreateUser example body, byte for byte but for the store id
        String body = "{\n\"UserStoreId\": \"" + store + "\",\n\"PhoneNumber\": \"+86-19877755556\",\n"
                + "\"Email\": \"testuser006@test.com\",\n\"Password\": \"@ppServer123\",\n\"UserName\": \"testuser006\",\n"
                + "\"UserOrg\": [\n\"8bee9039509c4c3c80b26fbb8cacedb9\"\n]\n}";

        // when
        JsonNode response = Json.parseObject(send("CreateUser", body, Instant.now())).get("Response");

        // then: the seed's output example's shape
        JsonNode user = response.get("User");
        assertEquals("testuser006@test.com", user.get("Email").asText());
        assertEquals("+86-19877755556", user.get("PhoneNumber").asText());
        assertEquals("NOT_ENABLED", user.get("Status").asText());
        assertTrue(user.get("CustomAttributes").isArray());
        assertTrue(user.has("IndexedAttribute5") && user.has("WechatUnionId") && user.has("TenantId"));
        assertNotNull(response.get("RequestId").asText());
    }

    @Test
    void importAndExportJobsWithTheSdk() throws Exception {
        // given an import of a user with a salted SHA1 hash of "abc123"
        ImportUser record = new ImportUser();
        record.setUserName("zhangsan");
        record.setEmail("zhangsan@qq.com");
        record.setPhoneNumber("+86-13200000000");
        record.setNickname("nick name");
        record.setPassword(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest("salt***abc123".getBytes(StandardCharsets.UTF_8))));
        record.setPasswordEncryptTypeEnum("SHA1");
        Salt salt = new Salt();
        salt.setSaltValue("salt***");
        SaltLocation location = new SaltLocation();
        location.setSaltLocationTypeEnum("HEAD");
        salt.setSaltLocation(location);
        record.setSalt(salt);
        CreateApiImportUserJobRequest importRequest = new CreateApiImportUserJobRequest();
        importRequest.setUserStoreId(store);
        importRequest.setDataFlowUserCreateList(new ImportUser[]{record});

        // when
        Job imported = awaitJob(client().CreateApiImportUserJob(importRequest).getJob().getId());

        // then
        assertEquals("COMPLETED", imported.getStatus());
        assertEquals("IMPORT_USER", imported.getType());
        assertEquals(0, imported.getFailedUsers().length);

        // when exporting it as CSV
        Job exported = awaitJob(client().CreateFileExportUserJob(csvExport("nickname", "nickname")).getJob().getId());

        // then
        assertEquals("COMPLETED", exported.getStatus());
        assertEquals("nickname\r\nnick name\r\n", downloaded(exported));
    }

    @Test
    void aStoreWithNoUsersExportsACompletedJobWithAnEmptyFile() throws Exception {
        // GIVEN a store nobody has written to, exported as CSV and as NDJSON
        CreateFileExportUserJobRequest csvRequest = csvExport("UserName", "name");
        CreateFileExportUserJobRequest ndjsonRequest = new CreateFileExportUserJobRequest();
        ndjsonRequest.setUserStoreId(store);

        // WHEN
        Job csv = awaitJob(client().CreateFileExportUserJob(csvRequest).getJob().getId());
        Job ndjson = awaitJob(client().CreateFileExportUserJob(ndjsonRequest).getJob().getId());

        // THEN both complete: the CSV file is its header row, the NDJSON file the gzip of nothing
        assertEquals("COMPLETED", csv.getStatus());
        assertEquals("name\r\n", downloaded(csv));
        assertEquals("COMPLETED", ndjson.getStatus());
        assertEquals("", downloaded(ndjson));
    }

    /** A CSV export of the store with one column. */
    private CreateFileExportUserJobRequest csvExport(String propertyCode, String columnName) {
        CreateFileExportUserJobRequest request = new CreateFileExportUserJobRequest();
        request.setUserStoreId(store);
        request.setFormat("CSV");
        ExportPropertyMap column = new ExportPropertyMap();
        column.setUserPropertyCode(propertyCode);
        column.setColumnName(columnName);
        request.setExportPropertyMaps(new ExportPropertyMap[]{column});
        return request;
    }

    /** A completed export's file, gunzipped, through its presigned Location. */
    private static String downloaded(Job job) throws Exception {
        HttpResponse<byte[]> file = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(job.getLocation())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, file.statusCode());
        return new String(new GZIPInputStream(new ByteArrayInputStream(file.body())).readAllBytes(),
                StandardCharsets.UTF_8);
    }

    /** A raw API 3.0 request, signed with the SDK's own TC3 primitives, at a chosen time. */
    private String send(String action, String body, Instant at) throws Exception {
        String host = "127.0.0.1:" + deployment.port();
        String contentType = "application/json; charset=utf-8";
        long timestamp = at.getEpochSecond();
        String date = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC).format(at);
        String canonical = "POST\n/\n\ncontent-type:" + contentType + "\nhost:" + host + "\n\ncontent-type;host\n"
                + Sign.sha256Hex(body.getBytes(StandardCharsets.UTF_8));
        String scope = date + "/ciam/tc3_request";
        String toSign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n"
                + Sign.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
        byte[] key = Sign.hmac256(("TC3" + TestAws.TENCENT_SECRET_KEY).getBytes(StandardCharsets.UTF_8), date);
        key = Sign.hmac256(key, "ciam");
        key = Sign.hmac256(key, "tc3_request");
        String signature = HexFormat.of().formatHex(Sign.hmac256(key, toSign));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + "/"))
                .header("Content-Type", contentType)
                .header("X-TC-Action", action)
                .header("X-TC-Version", "2022-03-31")
                .header("X-TC-Timestamp", Long.toString(timestamp))
                .header("X-TC-Region", "ap-singapore")
                .header("Authorization", "TC3-HMAC-SHA256 Credential=" + TestAws.TENCENT_SECRET_ID + "/" + scope
                        + ", SignedHeaders=content-type;host, Signature=" + signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), "API 3.0 answers errors with 200 too");
        return response.body();
    }
}
