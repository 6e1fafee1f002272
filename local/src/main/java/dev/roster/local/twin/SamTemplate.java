package dev.roster.local.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * template.yaml as SAM reads it: the functions with Globals merged in, the resources, the parameters, and
 * CloudFormation's intrinsic functions resolved against a {@link Stack} (what the names and ARNs of a deployment
 * are). Written in long form (Ref:, Fn::GetAtt:), which is why a plain YAML reader suffices.
 */
public final class SamTemplate {

    public static final String FUNCTION = "AWS::Serverless::Function";

    /** What the resources of one deployment are called: CloudFormation's answers to Ref and Fn::GetAtt. */
    public interface Stack {
        /** Ref of a resource, a parameter or a pseudo parameter (AWS::Region, ...). */
        String ref(String name);

        /** Fn::GetAtt of a resource's attribute. */
        String getAtt(String resource, String attribute);
    }

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final JsonNode root;

    private SamTemplate(JsonNode root) {
        this.root = root;
    }

    public static SamTemplate load(Path file) {
        try {
            return new SamTemplate(new ObjectMapper(new YAMLFactory()).readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public JsonNode resources() {
        return root.path("Resources");
    }

    public JsonNode resource(String logicalId) {
        JsonNode resource = resources().get(logicalId);
        if (resource == null) {
            throw new IllegalArgumentException("template.yaml has no resource " + logicalId);
        }
        return resource;
    }

    public String type(String logicalId) {
        return resource(logicalId).path("Type").asText();
    }

    /** Each parameter's default (what {@code sam deploy} uses when not overridden). */
    public Map<String, String> parameterDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        root.path("Parameters").fields().forEachRemaining(e ->
                defaults.put(e.getKey(), e.getValue().path("Default").asText("")));
        return defaults;
    }

    /** The functions by logical id, each with its properties as SAM sees them after merging Globals.Function. */
    public Map<String, JsonNode> functions() {
        Map<String, JsonNode> functions = new LinkedHashMap<>();
        resources().fields().forEachRemaining(e -> {
            if (FUNCTION.equals(e.getValue().path("Type").asText())) {
                functions.put(e.getKey(), functionProperties(e.getKey()));
            }
        });
        return functions;
    }

    /**
     * One function's properties with Globals.Function merged in as SAM does it: the function's own value wins,
     * except for maps (Environment.Variables), which are merged key by key.
     */
    public JsonNode functionProperties(String logicalId) {
        JsonNode globals = root.path("Globals").path("Function");
        JsonNode own = resource(logicalId).path("Properties");
        return merge(globals.isObject() ? globals : JsonNodeFactory.instance.objectNode(), own);
    }

    private static JsonNode merge(JsonNode global, JsonNode local) {
        if (!global.isObject() || !local.isObject() || isIntrinsic(local) || isIntrinsic(global)) {
            return local.isMissingNode() ? global : local;
        }
        ObjectNode merged = global.deepCopy();
        local.fields().forEachRemaining(e -> merged.set(e.getKey(),
                merged.has(e.getKey()) ? merge(merged.get(e.getKey()), e.getValue()) : e.getValue()));
        return merged;
    }

    private static boolean isIntrinsic(JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            return false;
        }
        String key = node.fieldNames().next();
        return key.equals("Ref") || key.startsWith("Fn::");
    }

    /** The value with every intrinsic function resolved against the stack. */
    public static JsonNode resolve(JsonNode value, Stack stack) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return value;
        }
        if (value.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            value.forEach(item -> out.add(resolve(item, stack)));
            return out;
        }
        if (!value.isObject()) {
            return value;
        }
        if (isIntrinsic(value)) {
            Map.Entry<String, JsonNode> call = value.fields().next();
            return intrinsic(call.getKey(), call.getValue(), stack);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        value.fields().forEachRemaining(e -> out.set(e.getKey(), resolve(e.getValue(), stack)));
        return out;
    }

    /** Resolves a value that must come out as a string (an environment variable, a name, an ARN). */
    public static String resolveText(JsonNode value, Stack stack) {
        JsonNode resolved = resolve(value, stack);
        if (resolved == null || !resolved.isValueNode()) {
            throw new IllegalArgumentException("not a string after resolving intrinsics: " + value);
        }
        return resolved.asText();
    }

    private static JsonNode intrinsic(String function, JsonNode argument, Stack stack) {
        switch (function) {
            case "Ref":
                return TextNode.valueOf(stack.ref(argument.asText()));
            case "Fn::GetAtt": {
                String resource;
                String attribute;
                if (argument.isArray()) {
                    resource = argument.get(0).asText();
                    attribute = argument.get(1).asText();
                } else {
                    String[] parts = argument.asText().split("\\.", 2);
                    resource = parts[0];
                    attribute = parts[1];
                }
                return TextNode.valueOf(stack.getAtt(resource, attribute));
            }
            case "Fn::Sub":
                return TextNode.valueOf(sub(argument, stack));
            case "Fn::Join":
                return TextNode.valueOf(joinWith(argument.get(0).asText(), resolve(argument.get(1), stack)));
            case "Fn::Split": {
                String separator = argument.get(0).asText();
                String text = resolveText(argument.get(1), stack);
                ArrayNode parts = JsonNodeFactory.instance.arrayNode();
                for (String part : text.split(Pattern.quote(separator), -1)) {
                    parts.add(part);
                }
                return parts;
            }
            case "Fn::Select": {
                int index = Integer.parseInt(resolveText(argument.get(0), stack));
                JsonNode list = resolve(argument.get(1), stack);
                if (!list.isArray() || index < 0 || index >= list.size()) {
                    throw new IllegalArgumentException("Fn::Select index " + index + " out of " + list);
                }
                return list.get(index);
            }
            default:
                throw new IllegalArgumentException("the twin does not resolve " + function
                        + " (it resolves Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Split, Fn::Select)");
        }
    }

    private static String joinWith(String separator, JsonNode parts) {
        StringBuilder joined = new StringBuilder();
        Iterator<JsonNode> it = parts.elements();
        while (it.hasNext()) {
            joined.append(it.next().asText());
            if (it.hasNext()) {
                joined.append(separator);
            }
        }
        return joined.toString();
    }

    /** Fn::Sub: {@code ${Name}} is a Ref, {@code ${Name.Attr}} a GetAtt, {@code ${!Literal}} stays as written. */
    private static String sub(JsonNode argument, Stack stack) {
        String template;
        Map<String, String> variables = new LinkedHashMap<>();
        if (argument.isArray()) {
            template = argument.get(0).asText();
            argument.get(1).fields().forEachRemaining(e -> variables.put(e.getKey(), resolveText(e.getValue(), stack)));
        } else {
            template = argument.asText();
        }
        Matcher m = SUB_VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value;
            if (variables.containsKey(name)) {
                value = variables.get(name);
            } else if (name.contains(".") && !name.startsWith("AWS::")) {
                String[] parts = name.split("\\.", 2);
                value = stack.getAtt(parts[0], parts[1]);
            } else {
                value = stack.ref(name);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString().replace("${!", "${");
    }
}
