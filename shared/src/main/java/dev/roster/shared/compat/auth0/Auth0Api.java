package dev.roster.shared.compat.auth0;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.error.NotFoundException;
import dev.roster.shared.http.ApiRequest;
import dev.roster.shared.http.ApiResponse;
import dev.roster.shared.http.Door;
import dev.roster.shared.http.HttpApi;
import dev.roster.shared.job.Job;
import dev.roster.shared.job.JobService;
import dev.roster.shared.json.Json;
import dev.roster.shared.json.JsonFields;
import dev.roster.shared.user.User;
import dev.roster.shared.user.UserQuery;
import dev.roster.shared.user.UserService;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Auth0 Management API v2 subset ({@code /api/v2/...}) over the same services as the REST API. A bearer token
 * stands for one user store (Auth0's tenant and connection) and its scopes; bodies are translated by
 * {@link Auth0Users} and {@link Auth0Jobs}, so every rule is the one the REST API applies.
 */
public record Auth0Api(UserService users, JobService jobs, Auth0Tokens tokens, HttpApi api) implements Door {

    /**
     * Auth0 lets page-based listing reach only the first 1,000 users ("view search results by page", Limitation);
     * more is an export's job. It also bounds what one listing can cost here.
     */
    static final int PAGED_USERS_LIMIT = 1_000;
    public static final String CREATE_EXPORT = "POST /api/v2/jobs/users-exports";
    public static final String CREATE_IMPORT = "POST /api/v2/jobs/users-imports";
    public static final String GET_JOB = "GET /api/v2/jobs/{JobId}";
    public static final String JOB_ERRORS = "GET /api/v2/jobs/{JobId}/errors";
    public static final String CREATE_USER = "POST /api/v2/users";
    public static final String LIST_USERS = "GET /api/v2/users";
    public static final String USERS_BY_EMAIL = "GET /api/v2/users-by-email";
    public static final String GET_USER = "GET /api/v2/users/{UserId}";
    public static final String UPDATE_USER = "PATCH /api/v2/users/{UserId}";
    public static final String DELETE_USER = "DELETE /api/v2/users/{UserId}";
    public static final List<String> ROUTES = List.of(CREATE_EXPORT, CREATE_IMPORT, GET_JOB, JOB_ERRORS, CREATE_USER,
            LIST_USERS, USERS_BY_EMAIL, GET_USER, UPDATE_USER, DELETE_USER);

    private static final Set<String> IMPORT_PARTS = Set.of("users", "connection_id", "upsert", "external_id",
            "send_completion_email");
    private static final Set<String> LIST_PARAMETERS = Set.of("page", "per_page", "include_totals", "q",
            "search_engine", "fields", "include_fields", "sort");
    private static final int MAX_EXTERNAL_ID = 255;
    private static final String READ = "read:users";
    private static final String CREATE = "create:users";
    private static final String UPDATE = "update:users";
    private static final String DELETE = "delete:users";

    @Override
    public ApiResponse handle(ApiRequest request) {
        // Before reading anything: an address that keeps failing authentication gets 429 here.
        Auth0Principal caller = api.authenticate(request, () -> tokens.authenticate(request.header("Authorization")));
        String store = caller.userStoreId();
        api.throttle(request.routeKey(), store);
        return switch (request.routeKey()) {
            case CREATE_EXPORT -> {
                caller.require(READ);
                JsonNode body = request.jsonBody();
                sameConnection(Auth0Jobs.connectionId(body), store);
                yield job(201, jobs.createExport(store, Auth0Jobs.toExportSpec(body)));
            }
            case CREATE_IMPORT -> {
                caller.require(CREATE);
                ImportForm form = importForm(request, store);
                yield job(201, jobs.createImport(store, form.records(), form.externalId(), form.upsert()));
            }
            case GET_JOB -> {
                caller.require(READ);
                yield job(200, jobs.describe(store, rosterJobId(request)));
            }
            case JOB_ERRORS -> {
                caller.require(READ);
                List<Job.FailedUser> failed = jobs.failures(store, rosterJobId(request), JobService.MAX_FAILURES_PAGE,
                        null).failedUsers();
                yield ApiResponse.of(200, gen -> Auth0Jobs.writeErrors(gen, failed));
            }
            case CREATE_USER -> {
                caller.require(CREATE);
                JsonNode body = request.jsonBody();
                JsonNode connection = body.get("connection");
                if (connection == null || !connection.isTextual()) {
                    throw InvalidRequestException.missing("connection");
                }
                sameConnection(connection.asText(), store);
                yield user(201, users.create(store, Auth0Users.toNewUser(body)));
            }
            case GET_USER -> {
                caller.require(READ);
                yield user(200, users.get(store, rosterUserId(request)));
            }
            case UPDATE_USER -> {
                caller.require(UPDATE);
                String userId = rosterUserId(request);
                yield user(200, users.update(store, userId, Auth0Users.toUserPatch(request.jsonBody()), null));
            }
            case DELETE_USER -> {
                caller.require(DELETE);
                users.delete(store, rosterUserId(request), null);
                yield ApiResponse.noContent();
            }
            case USERS_BY_EMAIL -> {
                caller.require(READ);
                String email = request.query().get("email");
                if (email == null || email.isBlank()) {
                    throw InvalidRequestException.missing("email");
                }
                yield userArray(users.list(store, UserQuery.byEmail(email)).users());
            }
            case LIST_USERS -> {
                caller.require(READ);
                yield listUsers(store, request.query());
            }
            default -> throw HttpApi.noSuchRoute();
        };
    }

    /** Auth0's documents go out bare, with their real status. */
    @Override
    public ApiResponse render(ApiResponse answer, String requestId) {
        return answer;
    }

    /** Auth0's error object: {@code {statusCode, error, message, errorCode}}, the error being the reason phrase. */
    @Override
    public ApiResponse renderError(int status, String code, String message) {
        return ApiResponse.of(status, gen -> {
            gen.writeStartObject();
            gen.writeNumberField("statusCode", status);
            gen.writeStringField("error", reason(status));
            gen.writeStringField("message", message);
            gen.writeStringField("errorCode", code);
            gen.writeEndObject();
        });
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 429 -> "Too Many Requests";
            default -> "Internal Server Error";
        };
    }

    /** What an Auth0 import's form holds for the job: its records, and the caller's external_id (null if none). */
    private record ImportForm(List<JsonNode> records, String externalId, boolean upsert) {
    }

    /** The multipart form of an Auth0 import: the users file (a JSON array) and its options. */
    private ImportForm importForm(ApiRequest request, String store) {
        String contentType = request.header("Content-Type");
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            throw new InvalidRequestException(InvalidRequestException.INVALID_PARAMETER,
                    "An import is a multipart/form-data upload with a users file.");
        }
        Map<String, Multipart.Part> parts = Multipart.parse(request.bodyBytes(JsonFields.MAX_IMPORT_BODY_BYTES), contentType);
        Multipart.Part file = parts.get("users");
        if (file == null) {
            throw InvalidRequestException.missing("users");
        }
        Multipart.Part connection = parts.get("connection_id");
        if (connection == null) {
            throw InvalidRequestException.missing("connection_id");
        }
        sameConnection(connection.value(), store);
        boolean upsert = upsert(parts.get("upsert"));
        JsonFields.rejectUnknown(parts.keySet(), IMPORT_PARTS);
        JsonNode array;
        try {
            array = Json.MAPPER.readTree(file.data());
        } catch (IOException e) {
            throw InvalidRequestException.invalidValue("users", "the file is not a JSON array of users");
        }
        return new ImportForm(Auth0Jobs.toImportRecords(array), externalId(parts.get("external_id")), upsert);
    }

    /** Auth0's upsert form value: true or false (absent: false). */
    private static boolean upsert(Multipart.Part part) {
        String value = part == null ? "false" : part.value().strip().toLowerCase(java.util.Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false", "" -> false;
            default -> throw InvalidRequestException.invalidValue("upsert", "must be true or false");
        };
    }

    /** Auth0's external_id, kept with the job as given: a non-blank text of at most 255 characters, or none. */
    private static String externalId(Multipart.Part part) {
        String id = part == null ? "" : part.value();
        if (id.length() > MAX_EXTERNAL_ID) {
            throw InvalidRequestException.invalidValue("external_id", "at most " + MAX_EXTERNAL_ID + " characters");
        }
        return id.isEmpty() ? null : id;
    }

    private ApiResponse listUsers(String store, Map<String, String> query) {
        JsonFields.rejectUnknown(query.keySet(), LIST_PARAMETERS);
        String q = query.get("q");
        Auth0UserQuery search = q == null || q.isBlank() ? null : Auth0UserQuery.parse(q);
        int page = JsonFields.queryInt(query, "page", 0, 0, Integer.MAX_VALUE / 100);
        int perPage = JsonFields.queryInt(query, "per_page", 50, 1, UserService.MAX_PAGE_SIZE);
        long start = (long) page * perPage;
        if (start >= PAGED_USERS_LIMIT) {
            throw InvalidRequestException.invalidValue("page", "only the first " + PAGED_USERS_LIMIT
                    + " users can be paged through (page * per_page must be below " + PAGED_USERS_LIMIT
                    + "); export the users for more");
        }
        UserService.NumberedPage found = search == null ? users.page(store, List.of(), page + 1, perPage)
                : search.run(users, store, page, perPage);
        if (start + found.users().size() > PAGED_USERS_LIMIT) {
            // A page that straddles the limit stops at it, as the limit is on users, not pages.
            found = new UserService.NumberedPage(found.users().subList(0, (int) (PAGED_USERS_LIMIT - start)),
                    found.total());
        }
        UserService.NumberedPage shown = found;
        if (!"true".equals(query.get("include_totals"))) {
            return userArray(shown.users());
        }
        return ApiResponse.of(200, gen -> {
            gen.writeStartObject();
            gen.writeNumberField("start", start);
            gen.writeNumberField("limit", perPage);
            gen.writeNumberField("length", shown.users().size());
            gen.writeNumberField("total", shown.total());
            gen.writeArrayFieldStart("users");
            for (User user : shown.users()) {
                Auth0Users.write(gen, user);
            }
            gen.writeEndArray();
            gen.writeEndObject();
        });
    }

    /** A token speaks for one store: another connection is a request for something this token cannot reach. */
    private static void sameConnection(String connection, String store) {
        if (connection != null && !connection.equals(store)) {
            throw InvalidRequestException.invalidValue("connection_id", "is not this token's connection");
        }
    }

    private static String rosterUserId(ApiRequest request) {
        String id = Auth0Ids.rosterUserId(request.pathParameter("UserId"));
        if (id == null) {
            throw new NotFoundException(NotFoundException.USER_NOT_FOUND, "The user does not exist.");
        }
        return id;
    }

    private static String rosterJobId(ApiRequest request) {
        String id = Auth0Ids.rosterJobId(request.pathParameter("JobId"));
        if (id == null) {
            throw new NotFoundException(NotFoundException.RESOURCE_NOT_FOUND, "The job does not exist.");
        }
        return id;
    }

    private static ApiResponse user(int status, User user) {
        return ApiResponse.of(status, gen -> Auth0Users.write(gen, user));
    }

    private static ApiResponse userArray(List<User> list) {
        return ApiResponse.of(200, gen -> {
            gen.writeStartArray();
            for (User user : list) {
                Auth0Users.write(gen, user);
            }
            gen.writeEndArray();
        });
    }

    private ApiResponse job(int status, Job job) {
        String location = jobs.location(job);
        JobService.Progress progress = jobs.progress(job);
        return ApiResponse.of(status, gen -> Auth0Jobs.write(gen, job, location, progress));
    }
}
