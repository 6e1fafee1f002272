package dev.roster.shared.http;

import dev.roster.shared.json.Json;

import java.util.Map;

/**
 * What a route answers: a status, the response object's fields (RequestId is added by {@link HttpApi}) and any
 * extra headers. A null {@code fields} means no body (204).
 */
public record ApiResponse(int status, Json.JsonWriter fields, Map<String, String> headers) {

    public static ApiResponse of(int status, Json.JsonWriter fields) {
        return new ApiResponse(status, fields, Map.of());
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, null, Map.of());
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put(name, value);
        return new ApiResponse(status, fields, Map.copyOf(all));
    }
}
