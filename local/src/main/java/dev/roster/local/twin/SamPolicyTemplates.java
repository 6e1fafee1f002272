package dev.roster.local.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.shared.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * SAM's policy templates ({@code - DynamoDBCrudPolicy: {TableName: !Ref RosterTable}} in a function's Policies),
 * from AWS's own definitions (resources/sam/policy_templates.json, see the README beside it), and the managed
 * policies SAM attaches to a function's role without being asked.
 */
public final class SamPolicyTemplates {

    /**
     * AWSLambdaBasicExecutionRole, which SAM attaches to every function role it creates
     * (samtranslator/model/sam_resources.py, the role's managed policy ARNs). Shared: deepCopy() before changing it.
     */
    public static final JsonNode BASIC_EXECUTION_ROLE = statements("""
            [{"Effect": "Allow",
              "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
              "Resource": "*"}]""");

    /**
     * AWSLambdaSQSQueueExecutionRole, which SAM attaches for an SQS event source (samtranslator/model/eventsources/
     * pull.py, SQS.get_policy_arn): what Lambda's poller needs, on any queue. Shared: deepCopy() before changing it.
     */
    public static final JsonNode SQS_QUEUE_EXECUTION_ROLE = statements("""
            [{"Effect": "Allow",
              "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
                         "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
              "Resource": "*"}]""");

    private static final String RESOURCE = "/sam/policy_templates.json";

    private SamPolicyTemplates() {
    }

    /** Read once, on first use. */
    private static final class Templates {
        static final JsonNode ALL = load();

        private static JsonNode load() {
            try (InputStream in = SamPolicyTemplates.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is not on the classpath");
                }
                return Json.MAPPER.readTree(in).get("Templates");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
    }

    /**
     * The template's Definition.Statement array with each {@code {"Ref": "<Parameter>"}} replaced by that parameter's
     * value, as SAM does. Values are copied in as they are: an intrinsic such as {"Ref": "RosterTable"} stays for
     * the caller's resolver. Parameters the template does not declare are ignored, as SAM ignores them.
     *
     * @param parameters an object of parameter name to value (null or empty for a template without parameters)
     * @throws IllegalArgumentException for an unknown template or a missing parameter, naming it
     */
    public static JsonNode expand(String templateName, JsonNode parameters) {
        JsonNode template = Templates.ALL.get(templateName);
        if (template == null) {
            throw new IllegalArgumentException("unknown SAM policy template: " + templateName);
        }
        JsonNode declared = template.path("Parameters");
        for (Iterator<String> names = declared.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (parameters == null || !parameters.has(name)) {
                throw new IllegalArgumentException("SAM policy template " + templateName + " needs parameter " + name);
            }
        }
        return substitute(template.path("Definition").path("Statement"), declared, parameters);
    }

    private static JsonNode substitute(JsonNode node, JsonNode declared, JsonNode parameters) {
        if (node.isObject()) {
            JsonNode ref = node.get("Ref");
            if (node.size() == 1 && ref != null && ref.isTextual() && declared.has(ref.asText())) {
                return parameters.get(ref.asText()).deepCopy();
            }
            ObjectNode copy = Json.MAPPER.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(field.getKey(), substitute(field.getValue(), declared, parameters));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Json.MAPPER.createArrayNode();
            node.forEach(element -> copy.add(substitute(element, declared, parameters)));
            return copy;
        }
        return node.deepCopy();
    }

    private static JsonNode statements(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
