package dev.roster.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.local.twin.IamPolicy;
import dev.roster.local.twin.IamPolicy.Grant;
import dev.roster.local.twin.SamPolicyTemplates;
import dev.roster.shared.json.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IAM's evaluation of one role's identity policies, and SAM's policy templates expanded as SAM does. */
class IamPolicyTest {

    private static final String TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/roster";

    @Test
    void actionsMatchIgnoringCaseAndResourcesExactlyWithWildcards() {
        // given
        IamPolicy policy = policy("""
                [{"Effect": "Allow", "Action": ["dynamodb:Get*", "s3:?utObject"],
                  "Resource": ["arn:aws:dynamodb:us-east-1:123456789012:table/roster",
                               "arn:aws:s3:::bucket/exports/*"]}]""");

        // when / then
        assertTrue(policy.allows("dynamodb:GetItem", TABLE));
        assertTrue(policy.allows("DynamoDB:getitem", TABLE));
        assertTrue(policy.allows("s3:PutObject", "arn:aws:s3:::bucket/exports/a/b:c.gz"));
        assertFalse(policy.allows("dynamodb:PutItem", TABLE));
        assertFalse(policy.allows("dynamodb:GetItem", TABLE + "/index/byEmail"));
        assertFalse(policy.allows("dynamodb:GetItem", TABLE.replace("roster", "Roster")));
        assertFalse(policy.allows("s3:PutObject", "arn:aws:s3:::bucket/imports/a"));
        assertFalse(policy.allows("s3:PutObject", "arn:aws:s3:::Bucket/exports/a"));
    }

    @Test
    void wildcardsStayInTheirArnSegmentUnlessTheyEndIt() {
        // then: '*' ending a segment runs on across colons, '*' inside one and '?' do not
        assertTrue(IamPolicy.matches("*", "arn:aws:s3:::b/k", false));
        assertTrue(IamPolicy.matches("arn:aws:sqs:*:123456789012:jobs", "arn:aws:sqs:us-east-1:123456789012:jobs", false));
        assertTrue(IamPolicy.matches("arn:aws:logs:us-east-1:1:log-group:/aws/lambda/f:*",
                "arn:aws:logs:us-east-1:1:log-group:/aws/lambda/f:log-stream:x", false));
        assertTrue(IamPolicy.matches("s3:*Object", "s3:GetObject", true));
        assertFalse(IamPolicy.matches("arn:aws:sqs:us-*-1:1:q", "arn:aws:sqs:us-east:x-1:1:q", false));
        assertFalse(IamPolicy.matches("arn:aws:sqs:us-east-?:1:q", "arn:aws:sqs:us-east-:1:q", false));
        assertTrue(IamPolicy.matches("arn:aws:sqs:us-east-?:1:q", "arn:aws:sqs:us-east-1:1:q", false));
        assertFalse(IamPolicy.matches("s3:GetObject", "s3:GetObjectVersion", true));
    }

    @Test
    void anExplicitDenyWinsOverAnyAllow() {
        // given
        IamPolicy policy = policy("""
                [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
                 {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::bucket/exports/*"}]""");

        // when / then
        assertTrue(policy.allows("s3:GetObject", "arn:aws:s3:::bucket/exports/a"));
        assertTrue(policy.allows("s3:DeleteObject", "arn:aws:s3:::bucket/imports/a"));
        assertFalse(policy.allows("s3:DeleteObject", "arn:aws:s3:::bucket/exports/a"));
    }

    @Test
    void notActionAndNotResourceMatchEverythingTheyDoNotList() {
        // given
        IamPolicy policy = policy("""
                [{"Effect": "Allow", "NotAction": ["s3:Delete*", "dynamodb:*"], "Resource": "*"},
                 {"Effect": "Allow", "Action": "dynamodb:Query", "NotResource": "arn:aws:dynamodb:*:*:table/secret"},
                 {"Effect": "Deny", "NotAction": "s3:GetObject", "Resource": "arn:aws:s3:::readonly/*"}]""");

        // when / then
        assertTrue(policy.allows("s3:PutObject", "arn:aws:s3:::bucket/a"));
        assertFalse(policy.allows("s3:DeleteObject", "arn:aws:s3:::bucket/a"));
        assertFalse(policy.allows("dynamodb:GetItem", TABLE));
        assertTrue(policy.allows("dynamodb:Query", TABLE));
        assertFalse(policy.allows("dynamodb:Query", "arn:aws:dynamodb:us-east-1:1:table/secret"));
        assertTrue(policy.allows("s3:GetObject", "arn:aws:s3:::readonly/a"));
        assertFalse(policy.allows("s3:PutObject", "arn:aws:s3:::readonly/a"));
    }

    @Test
    void statementsWithConditionsAreLeftOut() {
        // given a conditional Allow and a conditional Deny: the request context they test is not recorded
        IamPolicy policy = policy("""
                [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                  "Condition": {"Bool": {"aws:SecureTransport": "true"}}},
                 {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"},
                 {"Effect": "Deny", "Action": "s3:PutObject", "Resource": "*",
                  "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]""");

        // when / then
        assertFalse(policy.allows("s3:GetObject", "arn:aws:s3:::b/k"));
        assertTrue(policy.allows("s3:PutObject", "arn:aws:s3:::b/k"));
    }

    @Test
    void nothingIsAllowedWithoutAStatementAllowingIt() {
        assertFalse(IamPolicy.of(List.of()).allows("s3:GetObject", "arn:aws:s3:::b/k"));
    }

    @Test
    void grantsListEachAllowedActionOnEachResource() {
        // given
        IamPolicy policy = policy("""
                [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
                  "Resource": ["arn:aws:s3:::b/exports/*", "arn:aws:s3:::b/imports/*"]},
                 {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:1:jobs"},
                 {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/exports/*"},
                 {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
                 {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}]""");

        // when
        List<Grant> grants = policy.grants();

        // then
        assertEquals(List.of(
                new Grant("s3:GetObject", "arn:aws:s3:::b/exports/*"),
                new Grant("s3:GetObject", "arn:aws:s3:::b/imports/*"),
                new Grant("s3:PutObject", "arn:aws:s3:::b/exports/*"),
                new Grant("s3:PutObject", "arn:aws:s3:::b/imports/*"),
                new Grant("sqs:SendMessage", "arn:aws:sqs:us-east-1:1:jobs")), grants);
    }

    @Test
    void unresolvedIntrinsicsAreRejected() {
        // given
        JsonNode statements = json("""
                [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": {"Fn::GetAtt": ["RosterTable", "Arn"]}}]""");

        // when
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IamPolicy.of(List.of(statements)));

        // then
        assertTrue(e.getMessage().contains("intrinsic"), e.getMessage());
    }

    @Test
    void samTemplatesPutTheParameterValueWhereTheTemplateRefersToIt() {
        // given
        JsonNode parameters = json("{\"TableName\": {\"Ref\": \"T\"}}");

        // when
        JsonNode statements = SamPolicyTemplates.expand("DynamoDBCrudPolicy", parameters);

        // then the caller's Ref to T sits in each Fn::Sub's variables, for the caller to resolve
        assertEquals(1, statements.size());
        JsonNode statement = statements.get(0);
        assertEquals("Allow", statement.get("Effect").asText());
        assertTrue(statement.get("Action").toString().contains("\"dynamodb:ConditionCheckItem\""));
        assertEquals(json("""
                [{"Fn::Sub": ["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}",
                              {"tableName": {"Ref": "T"}}]},
                 {"Fn::Sub": ["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/index/*",
                              {"tableName": {"Ref": "T"}}]}]"""), statement.get("Resource"));
        // and the template itself is unchanged for the next expansion
        assertEquals(json("{\"Ref\": \"U\"}"), SamPolicyTemplates.expand("DynamoDBCrudPolicy",
                json("{\"TableName\": {\"Ref\": \"U\"}}")).get(0).get("Resource").get(0).get("Fn::Sub").get(1)
                .get("tableName"));
    }

    @Test
    void samTemplatesNameWhatIsUnknownOrMissing() {
        // when
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> SamPolicyTemplates.expand("DynamoDBEverythingPolicy", json("{}")));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SamPolicyTemplates.expand("SQSSendMessagePolicy", json("{\"TableName\": \"x\"}")));

        // then
        assertTrue(unknown.getMessage().contains("DynamoDBEverythingPolicy"), unknown.getMessage());
        assertTrue(missing.getMessage().contains("QueueName"), missing.getMessage());
    }

    @Test
    void samManagedPoliciesLetTheFunctionLogAndPollItsQueue() {
        // given a function with an SQS event source: both managed policies, as SAM attaches them
        IamPolicy policy = IamPolicy.of(List.of(SamPolicyTemplates.BASIC_EXECUTION_ROLE,
                SamPolicyTemplates.SQS_QUEUE_EXECUTION_ROLE));

        // when / then
        assertTrue(policy.allows("logs:PutLogEvents", "arn:aws:logs:us-east-1:1:log-group:/aws/lambda/f:log-stream:s"));
        assertTrue(policy.allows("sqs:ReceiveMessage", "arn:aws:sqs:us-east-1:1:jobs"));
        assertTrue(policy.allows("sqs:DeleteMessage", "arn:aws:sqs:us-east-1:1:jobs"));
        assertFalse(policy.allows("sqs:SendMessage", "arn:aws:sqs:us-east-1:1:jobs"));
        assertFalse(policy.allows("sqs:ChangeMessageVisibility", "arn:aws:sqs:us-east-1:1:jobs"));
    }

    private static IamPolicy policy(String statements) {
        List<JsonNode> list = new ArrayList<>();
        json(statements).forEach(list::add);
        return IamPolicy.of(list);
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
