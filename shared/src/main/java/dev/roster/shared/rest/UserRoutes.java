package dev.roster.shared.rest;

import dev.roster.shared.http.ApiRequest;
import dev.roster.shared.http.ApiResponse;
import dev.roster.shared.http.HttpApi;
import dev.roster.shared.json.JsonFields;
import dev.roster.shared.user.User;
import dev.roster.shared.user.UserJson;
import dev.roster.shared.user.UserPage;
import dev.roster.shared.user.UserQuery;
import dev.roster.shared.user.UserService;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * User CRUD over REST: {@code /userstores/{UserStoreId}/users[/{UserId}]}, seed-shaped bodies; a user's status
 * ({@code .../users/{UserId}/status}) and password checks ({@code /userstores/{UserStoreId}/password-verifications}).
 */
public record UserRoutes(UserService users) {

    public static final String CREATE = "POST /userstores/{UserStoreId}/users";
    public static final String LIST = "GET /userstores/{UserStoreId}/users";
    public static final String GET = "GET /userstores/{UserStoreId}/users/{UserId}";
    public static final String UPDATE = "PATCH /userstores/{UserStoreId}/users/{UserId}";
    public static final String DELETE = "DELETE /userstores/{UserStoreId}/users/{UserId}";
    public static final String VERIFY_PASSWORD = "POST /userstores/{UserStoreId}/password-verifications";
    public static final String UPDATE_STATUS = "PUT /userstores/{UserStoreId}/users/{UserId}/status";
    public static final List<String> ROUTES = List.of(CREATE, LIST, GET, UPDATE, DELETE, VERIFY_PASSWORD,
            UPDATE_STATUS);
    private static final Set<String> LIST_PARAMETERS =
            Set.of("PageSize", "NextToken", "Email", "PhoneNumber", "UserName", "UserGroup");

    public ApiResponse route(ApiRequest request) {
        String store = request.pathParameter("UserStoreId");
        String userId = request.pathParameter("UserId");
        return switch (request.routeKey()) {
            case CREATE -> user(201, users.create(store, UserInput.create(store, request.jsonBody(), users.now())));
            case GET -> user(200, users.get(store, userId));
            case UPDATE -> user(200, users.update(store, userId,
                    UserInput.update(store, userId, request.jsonBody(), users.now()), request.ifMatchVersion()));
            case DELETE -> {
                users.delete(store, userId, request.ifMatchVersion());
                yield ApiResponse.noContent();
            }
            case LIST -> page(users.list(store, query(request.query())));
            case VERIFY_PASSWORD -> user(200, users.verifyPassword(store, UserInput.passwordCheck(request.jsonBody())));
            case UPDATE_STATUS -> user(200, users.updateStatus(store, userId,
                    UserInput.statusChange(request.jsonBody())));
            default -> throw HttpApi.noSuchRoute();
        };
    }

    /** ListUsers' query string: PageSize, NextToken, and the Email, PhoneNumber, UserName or UserGroup to look up. */
    static UserQuery query(Map<String, String> query) {
        JsonFields.rejectUnknown(query.keySet(), LIST_PARAMETERS);
        int pageSize = JsonFields.queryInt(query, "PageSize", UserService.DEFAULT_PAGE_SIZE, 1,
                UserService.MAX_PAGE_SIZE);
        return new UserQuery(pageSize, query.get("NextToken"), query.get("Email"), query.get("PhoneNumber"),
                query.get("UserName"), query.get("UserGroup"));
    }

    private static ApiResponse user(int status, User user) {
        return ApiResponse.of(status, gen -> {
            gen.writeFieldName("User");
            UserJson.writeAnswer(gen, user);
        }).withHeader("ETag", "\"" + user.version() + "\"");
    }

    private static ApiResponse page(UserPage page) {
        return ApiResponse.of(200, gen -> {
            gen.writeArrayFieldStart("Users");
            for (User user : page.users()) {
                UserJson.writeAnswer(gen, user);
            }
            gen.writeEndArray();
            gen.writeStringField("NextToken", page.nextToken());
        });
    }
}
