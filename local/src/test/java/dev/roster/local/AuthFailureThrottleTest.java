package dev.roster.local;

import com.tencentcloudapi.ciam.v20220331.CiamClient;
import com.tencentcloudapi.ciam.v20220331.models.ListUserRequest;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import dev.roster.shared.config.RosterConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failed authentications at the compat doors are throttled per source address before any work: the default 20 a
 * minute, through the local front (which fills API Gateway's sourceIp). Each test gets a deployment of its own, so
 * its budget starts full.
 */
class AuthFailureThrottleTest {

    private LocalDeployment deployment;

    private void deploy(double failuresPerMinute) throws Exception {
        deployment = new LocalDeployment(TestAws.aws().endpoints(),
                TestAws.CONFIG.withAuthFailuresPerMinute(failuresPerMinute), "127.0.0.1", 0,
                LocalDeployment.Options.defaults().withoutWorkers().recordingCallsTo(TestAws.CALLS));
    }

    @AfterEach
    void undeploy() {
        if (deployment != null) {
            deployment.close();
        }
    }

    private CiamClient tencent(String secretKey) {
        HttpProfile http = new HttpProfile();
        http.setEndpoint("127.0.0.1:" + deployment.port());
        http.setProtocol("http://");
        ClientProfile profile = new ClientProfile();
        profile.setHttpProfile(http);
        return new CiamClient(new Credential(TestAws.TENCENT_SECRET_ID, secretKey), "ap-singapore", profile);
    }

    private static ListUserRequest listUser() {
        ListUserRequest request = new ListUserRequest();
        request.setUserStoreId("throttled-store");
        return request;
    }

    private int auth0Status(String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + deployment.port() + "/api/v2/users"))
                .header("Authorization", "Bearer " + token).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void fortyBadTencentSignaturesEndIn429() throws Exception {
        // given the default budget
        deploy(RosterConfig.DEFAULT_AUTH_FAILURES_PER_MINUTE);
        CiamClient wrongKey = tencent("wrong-key");

        // when 40 requests with a wrong key arrive from one address
        int refused = 0;
        for (int i = 0; i < 40; i++) {
            String code = errorCode(() -> wrongKey.ListUser(listUser()));
            if (i < 20) {
                assertEquals("AuthFailure.SignatureFailure", code, "the first 20 are verified");
            } else if (code.equals("RequestLimitExceeded")) {
                refused++;
            }
        }

        // then (one failure is forgiven every 3 seconds, so a slow loop may see a few more verified)
        assertTrue(refused >= 15, "refused: " + refused);
    }

    @Test
    void anAddressPastItsBudgetIsRefusedBeforeAnythingIsVerified() throws Exception {
        // given a budget of 2 a minute (one back every 30 seconds), spent at both doors (each function, like each
        // Lambda container, keeps its own count)
        deploy(2);
        assertEquals(401, auth0Status("not-a-token-1"));
        assertEquals(401, auth0Status("not-a-token-2"));
        assertEquals("AuthFailure.SignatureFailure", errorCode(() -> tencent("wrong-key").ListUser(listUser())));
        assertEquals("AuthFailure.SignatureFailure", errorCode(() -> tencent("wrong-key").ListUser(listUser())));

        // when good credentials follow from the same address
        int auth0 = auth0Status(TestAws.AUTH0_TOKEN);
        String tencent = errorCode(() -> tencent(TestAws.TENCENT_SECRET_KEY).ListUser(listUser()));

        // then
        assertEquals(429, auth0);
        assertEquals("RequestLimitExceeded", tencent);
    }

    @Test
    void fortyBadAuth0TokensEndIn429() throws Exception {
        // given the default budget
        deploy(RosterConfig.DEFAULT_AUTH_FAILURES_PER_MINUTE);

        // when
        int refused = 0;
        for (int i = 0; i < 40; i++) {
            int status = auth0Status("not-a-token-" + i);
            if (i < 20) {
                assertEquals(401, status, "the first 20 are checked");
            } else if (status == 429) {
                refused++;
            }
        }

        // then
        assertTrue(refused >= 15, "refused: " + refused);
    }

    @Test
    void goodRequestsAreNeverCounted() throws Exception {
        // given a budget of one failure
        deploy(1);

        // when
        for (int i = 0; i < 30; i++) {
            assertEquals(200, auth0Status(TestAws.AUTH0_TOKEN), "request " + i);
        }

        // then
        assertEquals(401, auth0Status("not-a-token"));
    }

    private interface Call {
        void run() throws TencentCloudSDKException;
    }

    /** The error code the SDK raised, or "" when the call succeeded. */
    private static String errorCode(Call call) {
        try {
            call.run();
            return "";
        } catch (TencentCloudSDKException e) {
            return e.getErrorCode();
        }
    }
}
