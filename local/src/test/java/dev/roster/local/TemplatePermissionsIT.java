package dev.roster.local;

import dev.roster.local.twin.AwsCall;
import dev.roster.local.twin.CallLog;
import dev.roster.local.twin.IamPolicy;
import dev.roster.local.twin.ProductionTwin;
import dev.roster.local.twin.SamTemplate;
import dev.roster.local.twin.TemplatePolicies;
import dev.roster.local.twin.TwinStack;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Least privilege, proven: after the integration suites (Maven's integration-test phase), every AWS call that each
 * function made in them (recorded by {@link dev.roster.local.twin.RecordingRelay}s into target/aws-calls.jsonl) must
 * be allowed by that function's policies in template.yaml. What the template grants and no call used is printed as
 * a candidate for removal.
 */
class TemplatePermissionsIT {

    @Test
    void everyCallAFunctionMadeIsAllowedByItsPoliciesInTheTemplate() {
        // given what the suites recorded, and the template's policies in the log's terms
        Set<AwsCall> calls = CallLog.readFrom(java.nio.file.Path.of(TestAws.CALLS_FILE));
        SamTemplate template = SamTemplate.load(ProductionTwin.projectRoot().resolve("template.yaml"));
        Map<String, TemplatePolicies.FunctionPolicy> policies = TemplatePolicies.of(template, TwinStack.logical(template));

        // then: every function was exercised (the recording works), and nothing it did needs more than it has
        Set<String> callers = new TreeSet<>();
        calls.forEach(call -> callers.add(call.principal()));
        assertEquals(new TreeSet<>(policies.keySet()), callers, "functions seen making AWS calls in the suites");
        List<String> refused = new ArrayList<>();
        for (AwsCall call : calls) {
            IamPolicy effective = policies.get(call.principal()).effective();
            if (!effective.allows(call.action(), call.resource())) {
                refused.add(call.principal() + " may not " + call.action() + " on " + call.resource()
                        + " (answered " + call.status() + " here)");
            } else if (call.action().equals("s3:GetObject") && call.status() == 404
                    && !effective.allows("s3:ListBucket", bucketOf(call.resource()))) {
                // S3 tells a caller without s3:ListBucket on the bucket 403 AccessDenied for a missing key, to
                // hide which keys exist: the code that expects 404 fails on AWS.
                refused.add(call.principal() + " needs s3:ListBucket on " + bucketOf(call.resource())
                        + ": without it AWS answers 403, not 404, for the missing " + call.resource());
            }
        }
        System.out.println(unusedGrants(policies, calls));
        assertTrue(refused.isEmpty(), "calls that template.yaml does not allow:\n" + String.join("\n", refused));
    }

    private static String bucketOf(String objectArn) {
        int slash = objectArn.indexOf('/');
        return slash < 0 ? objectArn : objectArn.substring(0, slash);
    }

    /** A GetObject answered 404 needed s3:ListBucket on its bucket (see above): that counts as using it. */
    private static Set<AwsCall> withListingsTheyNeed(Set<AwsCall> calls) {
        Set<AwsCall> all = new java.util.LinkedHashSet<>(calls);
        for (AwsCall call : calls) {
            if (call.action().equals("s3:GetObject") && call.status() == 404) {
                all.add(new AwsCall(call.principal(), "s3:ListBucket", bucketOf(call.resource()), call.status()));
            }
        }
        return all;
    }

    private static String unusedGrants(Map<String, TemplatePolicies.FunctionPolicy> policies, Set<AwsCall> calls) {
        StringBuilder report = new StringBuilder("Granted in template.yaml and used by no call in the suites"
                + " (candidates for removal):");
        int unused = 0;
        Set<AwsCall> made = withListingsTheyNeed(calls);
        for (Map.Entry<String, TemplatePolicies.FunctionPolicy> function : policies.entrySet()) {
            for (IamPolicy.Grant grant : function.getValue().declared().grants()) {
                boolean used = made.stream().anyMatch(call -> call.principal().equals(function.getKey())
                        && IamPolicy.matches(grant.action(), call.action(), true)
                        && IamPolicy.matches(grant.resource(), call.resource(), false));
                if (!used) {
                    unused++;
                    report.append("\n  ").append(function.getKey()).append(' ').append(grant.action()).append(" on ")
                            .append(grant.resource());
                }
            }
        }
        return unused == 0 ? report.append(" none").toString() : report.toString();
    }
}
