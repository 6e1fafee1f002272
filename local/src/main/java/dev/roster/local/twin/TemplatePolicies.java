package dev.roster.local.twin;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each function of template.yaml may do on AWS: the statements of its Policies (inline statements as written,
 * SAM policy templates expanded as AWS defines them), plus the managed policies SAM attaches to the role it creates
 * (basic execution always, the SQS queue execution role for an SQS event source).
 */
public final class TemplatePolicies {

    /**
     * @param declared  the function's own Policies: what a reviewer grants, and what may go unused
     * @param effective everything its role allows
     */
    public record FunctionPolicy(IamPolicy declared, IamPolicy effective) {
    }

    private TemplatePolicies() {
    }

    /** Each function's policies, by logical id, with intrinsics resolved against {@code stack}. */
    public static Map<String, FunctionPolicy> of(SamTemplate template, SamTemplate.Stack stack) {
        Map<String, FunctionPolicy> policies = new LinkedHashMap<>();
        template.functions().forEach((logicalId, properties) -> {
            List<JsonNode> declared = new ArrayList<>();
            JsonNode list = properties.path("Policies");
            for (JsonNode policy : list.isArray() ? list : List.of(list)) {
                declared.add(SamTemplate.resolve(statements(logicalId, policy), stack));
            }
            List<JsonNode> effective = new ArrayList<>(declared);
            effective.add(SamPolicyTemplates.BASIC_EXECUTION_ROLE);
            for (JsonNode event : properties.path("Events")) {
                if ("SQS".equals(event.path("Type").asText())) {
                    effective.add(SamPolicyTemplates.SQS_QUEUE_EXECUTION_ROLE);
                }
            }
            policies.put(logicalId, new FunctionPolicy(IamPolicy.of(declared), IamPolicy.of(effective)));
        });
        return policies;
    }

    private static JsonNode statements(String logicalId, JsonNode policy) {
        if (policy.isObject() && policy.has("Statement")) {
            JsonNode statement = policy.get("Statement");
            return statement.isArray() ? statement : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                    .arrayNode().add(statement);
        }
        if (policy.isObject() && policy.size() == 1) {
            Map.Entry<String, JsonNode> template = policy.fields().next();
            return SamPolicyTemplates.expand(template.getKey(), template.getValue());
        }
        throw new IllegalArgumentException(logicalId + ": the checker reads inline statements and SAM policy"
                + " templates, not " + policy + " (a managed policy's document is not in the template)");
    }
}
