package dev.roster.local.twin;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The identity policies of one function's role, evaluated as IAM does for one request within one account: an
 * explicit Deny wins, otherwise an Allow is needed, otherwise the request is implicitly denied. Actions match
 * case-insensitively and resources case-sensitively, both with {@code *} and {@code ?} wildcards.
 *
 * <p>Statements with a {@code Condition} are left out of {@link #allows}: whether a condition holds depends on the
 * request's context (source IP, tags, secure transport, ...), which a recorded call does not carry. So a call that
 * only a conditional Allow permits is reported as not allowed (someone looks at it), and a conditional Deny is not
 * applied (the checker may say allowed where AWS would deny when the condition holds). Roster's policies have no
 * conditions.
 */
public final class IamPolicy {

    /** One action pattern on one resource pattern, as an Allow statement lists them. */
    public record Grant(String action, String resource) {
    }

    private record Statement(boolean allow, boolean conditional, List<String> actions, boolean notAction,
                             List<String> resources, boolean notResource) {

        boolean applies(String action, String resource) {
            boolean actionListed = actions.stream().anyMatch(p -> matches(p, action, true));
            boolean resourceListed = resources.stream().anyMatch(p -> matches(p, resource, false));
            return actionListed != notAction && resourceListed != notResource;
        }
    }

    private final List<Statement> statements;

    private IamPolicy(List<Statement> statements) {
        this.statements = statements;
    }

    /**
     * @param statements policy statements with every Action, NotAction, Resource and NotResource already a string or
     *                   an array of strings (intrinsic functions resolved); an element that is itself an array (a
     *                   whole Statement list, as {@link SamPolicyTemplates} returns) contributes its statements
     */
    public static IamPolicy of(List<JsonNode> statements) {
        List<Statement> parsed = new ArrayList<>();
        for (JsonNode node : statements) {
            if (node.isArray()) {
                node.forEach(statement -> parsed.add(parse(statement)));
            } else {
                parsed.add(parse(node));
            }
        }
        return new IamPolicy(List.copyOf(parsed));
    }

    private static Statement parse(JsonNode statement) {
        if (!statement.isObject()) {
            throw new IllegalArgumentException("a policy statement must be an object: " + statement);
        }
        String effect = statement.path("Effect").asText("");
        if (!effect.equals("Allow") && !effect.equals("Deny")) {
            throw new IllegalArgumentException("Effect must be Allow or Deny: " + statement);
        }
        boolean notAction = statement.has("NotAction");
        boolean notResource = statement.has("NotResource");
        if (notAction == statement.has("Action") || notResource == statement.has("Resource")) {
            throw new IllegalArgumentException(
                    "a statement needs exactly one of Action and NotAction, and of Resource and NotResource: " + statement);
        }
        return new Statement(effect.equals("Allow"), statement.has("Condition"),
                strings(statement.get(notAction ? "NotAction" : "Action"), statement),
                notAction,
                strings(statement.get(notResource ? "NotResource" : "Resource"), statement),
                notResource);
    }

    private static List<String> strings(JsonNode value, JsonNode statement) {
        List<String> strings = new ArrayList<>();
        if (value.isTextual()) {
            strings.add(value.asText());
        } else if (value.isArray()) {
            for (JsonNode element : value) {
                if (!element.isTextual()) {
                    throw new IllegalArgumentException(
                            "not a string (are intrinsic functions resolved?): " + element + " in " + statement);
                }
                strings.add(element.asText());
            }
        } else {
            throw new IllegalArgumentException(
                    "not a string or a list of strings (are intrinsic functions resolved?): " + value + " in " + statement);
        }
        return List.copyOf(strings);
    }

    public boolean allows(String action, String resource) {
        boolean allowed = false;
        for (Statement statement : statements) {
            if (statement.conditional() || !statement.applies(action, resource)) {
                continue;
            }
            if (!statement.allow()) {
                return false;
            }
            allowed = true;
        }
        return allowed;
    }

    /**
     * Each Allow statement's actions times its resources, distinct, in statement order; conditional statements
     * included (they grant too, under conditions). Statements with NotAction or NotResource are left out: what they
     * grant is not a list of pairs.
     */
    public List<Grant> grants() {
        Set<Grant> grants = new LinkedHashSet<>();
        for (Statement statement : statements) {
            if (statement.allow() && !statement.notAction() && !statement.notResource()) {
                for (String action : statement.actions()) {
                    for (String resource : statement.resources()) {
                        grants.add(new Grant(action, resource));
                    }
                }
            }
        }
        return List.copyOf(grants);
    }

    /**
     * IAM's wildcards: {@code ?} is any one character and {@code *} any run of characters, both within one
     * colon-separated ARN segment, except that a {@code *} ending a segment (followed by ':' or ending the pattern)
     * may run on across colons, as IAM's ARN documentation says. So {@code *} and {@code arn:aws:s3:::b/*} match
     * everything they look like they match, and {@code s3:*Object} does not reach into another segment.
     */
    public static boolean matches(String pattern, String value, boolean ignoreCase) {
        String p = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
        String v = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
        // matched[j]: the pattern read so far matches v's first j characters.
        boolean[] matched = new boolean[v.length() + 1];
        matched[0] = true;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            boolean[] next = new boolean[v.length() + 1];
            if (c == '*') {
                boolean crossesColons = i + 1 == p.length() || p.charAt(i + 1) == ':';
                for (int j = 0; j <= v.length(); j++) {
                    next[j] = matched[j] || j > 0 && next[j - 1] && (crossesColons || v.charAt(j - 1) != ':');
                }
            } else {
                for (int j = 1; j <= v.length(); j++) {
                    char d = v.charAt(j - 1);
                    next[j] = matched[j - 1] && (c == '?' ? d != ':' : c == d);
                }
            }
            matched = next;
        }
        return matched[v.length()];
    }
}
