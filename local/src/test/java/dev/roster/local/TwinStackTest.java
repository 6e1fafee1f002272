package dev.roster.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.local.twin.ProductionTwin;
import dev.roster.local.twin.SamTemplate;
import dev.roster.local.twin.TwinStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** template.yaml's names and intrinsics as CloudFormation would resolve them, for any stack name (no emulators). */
class TwinStackTest {

    private static final SamTemplate TEMPLATE = SamTemplate.load(ProductionTwin.projectRoot().resolve("template.yaml"));

    @ParameterizedTest
    @ValueSource(strings = {"roster", "Roster-Production", "R", "MyCompany-Identity-Roster-Production-EuWest1-BlueGreen-"
            + "Deployment-Number-0042-With-A-Very-Long-Name-That-CloudFormation-Still-Accepts-12345678"})
    void theBucketNameIsValidWhateverTheStackIsCalled(String stackName) {
        // given a stack name of any case and length (CloudFormation allows 128 characters)
        TwinStack stack = TwinStack.plan(TEMPLATE, stackName, Map.of());

        // when
        String bucket = stack.physicalId("ExportsBucket");

        // then: a valid bucket name, which the queue policy's source condition names too
        assertTrue(TwinStack.isValidBucketName(bucket), bucket);
        JsonNode condition = SamTemplate.resolve(TEMPLATE.resource("JobsQueuePolicy").path("Properties")
                .path("PolicyDocument").path("Statement").get(0).path("Condition"), stack);
        assertEquals("arn:aws:s3:::" + bucket, condition.path("ArnLike").path("aws:SourceArn").asText());
    }

    @Test
    void theOldStackNameBasedBucketNameBrokeOnCapitalsAndLongNames() {
        assertFalse(TwinStack.isValidBucketName("Roster-Production-data-123456789012"));
        assertFalse(TwinStack.isValidBucketName("a".repeat(50) + "-data-123456789012"));
        assertTrue(TwinStack.isValidBucketName("roster-data-1c2fa620-982a-11e3-aff7-50e2416294e0"));
    }

    @Test
    void theLocalRunnerAttributesEachHandlerToItsFunctionInTheTemplate() {
        // given: which function each handler class is, per template.yaml
        Map<String, String> declared = new java.util.TreeMap<>();
        TEMPLATE.functions().forEach((logicalId, properties) -> declared.put(
                properties.path("Handler").asText().replace("::handleRequest", ""), logicalId));

        // then: the in-process runner records each handler's calls under the same name
        Map<String, String> local = new java.util.TreeMap<>();
        LocalDeployment.FUNCTIONS.forEach((handler, logicalId) -> local.put(handler.getName(), logicalId));
        assertEquals(declared, local);
    }

    @Test
    void intrinsicsResolveAsCloudFormationResolvesThem() {
        // given
        TwinStack stack = TwinStack.plan(TEMPLATE, "roster", Map.of("RateLimitPerSecond", "7"));

        // then
        JsonNode users = SamTemplate.resolve(TEMPLATE.functionProperties("UsersFunction"), stack);
        assertEquals("7", users.path("Environment").path("Variables").path("RATE_LIMIT_PER_SECOND").asText());
        assertEquals(stack.physicalId("RosterTable"), users.path("Environment").path("Variables").path("TABLE_NAME")
                .asText(), "Globals merged into the function's own Environment");
        assertTrue(users.path("Environment").path("Variables").has("JAVA_TOOL_OPTIONS"));
        assertEquals("arn:aws:dynamodb:us-east-1:123456789012:table/" + stack.physicalId("RosterTable"),
                users.path("Policies").get(0).path("Statement").get(0).path("Resource").asText());
        assertTrue(stack.physicalId("RosterTable").startsWith("roster-RosterTable-"));
    }
}
