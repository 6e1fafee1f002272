package dev.roster.shared.rest;

import dev.roster.shared.http.ApiRequest;
import dev.roster.shared.http.ApiResponse;
import dev.roster.shared.http.Door;
import dev.roster.shared.http.HttpApi;
import dev.roster.shared.json.Json;

import java.util.function.Function;

/**
 * Roster's own REST door: routes name the user store in the path, answers are {@code {..., "RequestId"}} with real
 * statuses, errors {@code {"Error": {"Code", "Message"}, "RequestId"}}.
 */
public final class RestDoor implements Door {

    private final HttpApi api;
    private final Function<ApiRequest, ApiResponse> routes;

    public RestDoor(HttpApi api, Function<ApiRequest, ApiResponse> routes) {
        this.api = api;
        this.routes = routes;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        // The path names the store, so the limits apply before anything is read.
        api.throttle(request.routeKey(), request.pathParameter("UserStoreId"));
        return routes.apply(request);
    }

    @Override
    public ApiResponse render(ApiResponse answer, String requestId) {
        return ApiResponse.of(answer.status(), document(answer.fields(), requestId));
    }

    @Override
    public ApiResponse renderError(int status, String code, String message) {
        return ApiResponse.of(status, error(code, message));
    }

    /** The seeds' response object: the answer's fields, then RequestId. */
    public static Json.JsonWriter document(Json.JsonWriter fields, String requestId) {
        return gen -> {
            gen.writeStartObject();
            fields.write(gen);
            gen.writeStringField("RequestId", requestId);
            gen.writeEndObject();
        };
    }

    /** The seeds' error: {@code "Error": {"Code", "Message"}}. */
    public static Json.JsonWriter error(String code, String message) {
        return gen -> {
            gen.writeObjectFieldStart("Error");
            gen.writeStringField("Code", code);
            gen.writeStringField("Message", message);
            gen.writeEndObject();
        };
    }
}
