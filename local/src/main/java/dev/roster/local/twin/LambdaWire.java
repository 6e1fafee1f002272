package dev.roster.local.twin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.shared.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Events and responses as JSON on the wire between the Lambda service and a function: what API Gateway (payload
 * format 2.0) and the SQS event source mapping send, written by hand with AWS's field names, and what they make of
 * the function's answer. The function's runtime, not this class, turns them into its own objects.
 */
final class LambdaWire {

    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private LambdaWire() {
    }

    /** The HTTP API's event for this request, as API Gateway writes it. */
    static byte[] httpEvent(APIGatewayV2HTTPEvent event, String accountId, String apiId) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("version", "2.0");
        root.put("routeKey", event.getRouteKey());
        root.put("rawPath", event.getRawPath());
        root.put("rawQueryString", event.getRawQueryString() == null ? "" : event.getRawQueryString());
        if (event.getCookies() != null) {
            ArrayNode cookies = root.putArray("cookies");
            event.getCookies().forEach(cookies::add);
        }
        putMap(root, "headers", event.getHeaders());
        putMap(root, "queryStringParameters", event.getQueryStringParameters());
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        ObjectNode rc = root.putObject("requestContext");
        rc.put("accountId", accountId);
        rc.put("apiId", apiId);
        String host = event.getHeaders() == null ? null : event.getHeaders().get("host");
        rc.put("domainName", host == null ? apiId + ".execute-api.us-east-1.amazonaws.com" : host);
        rc.put("domainPrefix", host == null ? apiId : host.split("\\.")[0]);
        ObjectNode http = rc.putObject("http");
        http.put("method", context.getHttp().getMethod());
        http.put("path", context.getHttp().getPath());
        http.put("protocol", context.getHttp().getProtocol());
        http.put("sourceIp", context.getHttp().getSourceIp());
        http.put("userAgent", context.getHttp().getUserAgent());
        rc.put("requestId", context.getRequestId());
        rc.put("routeKey", context.getRouteKey());
        rc.put("stage", context.getStage());
        rc.put("time", REQUEST_TIME.format(Instant.ofEpochMilli(context.getTimeEpoch())));
        rc.put("timeEpoch", context.getTimeEpoch());
        putMap(root, "pathParameters", event.getPathParameters());
        if (event.getBody() != null) {
            root.put("body", event.getBody());
        }
        root.put("isBase64Encoded", event.getIsBase64Encoded());
        return bytes(root);
    }

    /**
     * What API Gateway makes of a function's answer in payload format 2.0: an object with {@code statusCode} is a
     * response; anything else is a 200 JSON body.
     */
    static APIGatewayV2HTTPResponse httpResponse(byte[] payload) {
        JsonNode node = tree(payload);
        if (!node.isObject() || !node.has("statusCode")) {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                    .withHeaders(Map.of("content-type", "application/json")).withBody(node.toString()).build();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        node.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        node.path("multiValueHeaders").fields().forEachRemaining(e -> {
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asText()));
            headers.merge(e.getKey(), String.join(",", values), (a, b) -> a + "," + b);
        });
        JsonNode body = node.get("body");
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(node.get("statusCode").asInt())
                .withHeaders(headers)
                .withBody(body == null || body.isNull() ? null : body.asText())
                .withIsBase64Encoded(node.path("isBase64Encoded").asBoolean(false))
                .build();
    }

    /** The event source mapping's batch, as it sends it. */
    static byte[] sqsEvent(SQSEvent event) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode records = root.putArray("Records");
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.getMessageId());
            record.put("receiptHandle", message.getReceiptHandle());
            record.put("body", message.getBody());
            putMap(record, "attributes", message.getAttributes());
            record.putObject("messageAttributes");
            record.put("md5OfBody", message.getMd5OfBody());
            record.put("eventSource", message.getEventSource());
            record.put("eventSourceARN", message.getEventSourceArn());
            record.put("awsRegion", message.getAwsRegion());
        }
        return bytes(root);
    }

    /** The function's partial batch response ({@code ReportBatchItemFailures}). */
    static SQSBatchResponse sqsResponse(byte[] payload) {
        JsonNode node = tree(payload);
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        node.path("batchItemFailures").forEach(f ->
                failures.add(new SQSBatchResponse.BatchItemFailure(f.path("itemIdentifier").asText())));
        return new SQSBatchResponse(failures);
    }

    private static void putMap(ObjectNode parent, String name, Map<String, String> values) {
        if (values != null) {
            ObjectNode object = parent.putObject(name);
            values.forEach(object::put);
        }
    }

    private static JsonNode tree(byte[] payload) {
        try {
            return Json.MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("the function's answer is not JSON", e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
