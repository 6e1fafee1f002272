package dev.roster.shared.compat.tencent;

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
import dev.roster.shared.rest.ExportInput;
import dev.roster.shared.rest.ImportInput;
import dev.roster.shared.rest.JobJson;
import dev.roster.shared.rest.RestDoor;
import dev.roster.shared.rest.UserInput;
import dev.roster.shared.user.NewUser;
import dev.roster.shared.user.StatusChange;
import dev.roster.shared.user.User;
import dev.roster.shared.user.UserFilters;
import dev.roster.shared.user.UserJson;
import dev.roster.shared.user.UserService;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tencent Cloud API 3.0's front door ({@code POST /}, action in X-TC-Action, version 2022-03-31): authenticates the
 * TC3 signature and maps each CIAM action onto the same services as the REST API. Bodies keep Tencent's names
 * (UserGroup, CustomizationAttributes in requests; UserGroups, CustomAttributes in the User object).
 */
public record TencentApi(UserService users, JobService jobs, Tc3Verifier verifier, AcceptedSignatures signatures,
                         HttpApi api) implements Door {

    public static final String VERSION = "2022-03-31";
    /** CreateUser's required fields, each with the seed's own code for its absence. */
    static final Map<String, String> NULL_FIELD_CODES = Map.of(
            "Email", "FailedOperation.EmailIsNull",
            "PhoneNumber", "FailedOperation.PhoneNumberIsNull",
            "UserName", "FailedOperation.UserNameIsNull",
            "Password", "FailedOperation.PasswordIsNull");
    static final Set<String> ACTIONS = Set.of("CreateUser", "UpdateUser", "DescribeUserById", "DeleteUsers",
            "ListUser", "CreateApiImportUserJob", "CreateFileExportUserJob", "ListJobs", "UpdateUserStatus");

    @Override
    public ApiResponse handle(ApiRequest request) {
        // Before reading anything: an address that keeps failing authentication gets 429 here.
        Signed signed = api.authenticate(request, () -> authenticate(request));
        Tc3Verifier.Caller caller = signed.caller();
        String action = request.header("X-TC-Action");
        JsonNode input = Json.parseObject(signed.body());
        JsonNode storeNode = input.get("UserStoreId");
        if (storeNode == null || !storeNode.isTextual() || storeNode.asText().isBlank()) {
            throw InvalidRequestException.missing("UserStoreId");
        }
        String store = storeNode.asText();
        caller.authorize(store);
        api.throttle(action, store);
        return switch (action) {
            case "CreateUser" -> user(users.create(store, newUser(store, input, users.now())));
            case "UpdateUser" -> {
                String userId = required(input, "UserId");
                yield user(users.update(store, userId, UserInput.update(store, userId, input, users.now()), null));
            }
            case "DescribeUserById" -> {
                JsonFields.rejectUnknown(input, Set.of("UserStoreId", "UserId", "Original"));
                yield user(users.get(store, required(input, "UserId")));
            }
            case "DeleteUsers" -> deleteUsers(store, input);
            case "ListUser" -> listUser(store, input);
            case "CreateApiImportUserJob" -> job(jobs.createImport(store, ImportInput.records(store, input), null));
            case "CreateFileExportUserJob" -> job(jobs.createExport(store, ExportInput.parse(store, input)));
            case "ListJobs" -> listJobs(store, input);
            case "UpdateUserStatus" -> {
                // Tencent's request has no Reason: a change made here stores none.
                JsonFields.rejectUnknown(input, Set.of("UserStoreId", "UserId", "Status"));
                users.updateStatus(store, required(input, "UserId"), new StatusChange(required(input, "Status"), null));
                yield ApiResponse.of(200, gen -> { });
            }
            default -> throw new InvalidRequestException("InvalidAction", "The action " + action + " does not exist.");
        };
    }

    /** Tencent Cloud API 3.0's envelope, errors included: {@code {"Response": {..., "RequestId"}}}, always 200. */
    @Override
    public ApiResponse render(ApiResponse answer, String requestId) {
        Json.JsonWriter document = RestDoor.document(answer.fields(), requestId);
        return ApiResponse.of(200, gen -> {
            gen.writeStartObject();
            gen.writeFieldName("Response");
            document.write(gen);
            gen.writeEndObject();
        });
    }

    @Override
    public ApiResponse renderError(int status, String code, String message) {
        return ApiResponse.of(status, RestDoor.error(code, message));
    }

    private record Signed(Tc3Verifier.Caller caller, String body) {
    }

    private Signed authenticate(ApiRequest request) {
        String body = request.body(JsonFields.MAX_IMPORT_BODY_BYTES);
        Tc3Verifier.Caller caller = verifier.verify("POST", "/", "", request::header, body);
        // Checked before the signature is recorded, so only requests that can run claim one.
        String action = request.header("X-TC-Action");
        if (action == null || action.isBlank()) {
            throw new InvalidRequestException("MissingParameter", "The X-TC-Action header is required.");
        }
        if (!ACTIONS.contains(action)) {
            throw new InvalidRequestException("InvalidAction", "The action " + action + " does not exist.");
        }
        String version = request.header("X-TC-Version");
        if (!VERSION.equals(version)) {
            throw new InvalidRequestException("NoSuchVersion", "This API only has version " + VERSION + ".");
        }
        signatures.claim(caller, action, version, request.header("X-TC-Region"));
        return new Signed(caller, body);
    }

    /**
     * CreateUser's body as the REST door reads it, but a missing required field is the seed's own code
     * ({@code FailedOperation.EmailIsNull}, ...) rather than REST's {@code MissingParameter}.
     */
    static NewUser newUser(String store, JsonNode input, long now) {
        try {
            return UserInput.create(store, input, now);
        } catch (InvalidRequestException e) {
            String code = InvalidRequestException.MISSING_PARAMETER.equals(e.code())
                    ? NULL_FIELD_CODES.get(e.field()) : null;
            if (code == null) {
                throw e;
            }
            throw new InvalidRequestException(code, e.getMessage(), e.field());
        }
    }

    private ApiResponse deleteUsers(String store, JsonNode input) {
        JsonFields.rejectUnknown(input, Set.of("UserStoreId", "UserIds"));
        List<String> ids = strings(input, "UserIds");
        // All or nothing as far as a client can tell: every user must exist before any is deleted.
        for (String id : ids) {
            users.get(store, id);
        }
        for (String id : ids) {
            users.delete(store, id, null);
        }
        return ApiResponse.of(200, gen -> { });
    }

    private ApiResponse listUser(String store, JsonNode input) {
        JsonFields.rejectUnknown(input, Set.of("UserStoreId", "Pageable", "Filters", "Original"));
        JsonNode pageable = input.get("Pageable");
        int pageSize = UserService.DEFAULT_PAGE_SIZE;
        int pageNumber = 1;
        if (pageable != null && !pageable.isNull()) {
            if (!pageable.isObject()) {
                throw InvalidRequestException.invalidValue("Pageable", "must be {PageSize, PageNumber}");
            }
            pageSize = JsonFields.integer(pageable, "PageSize", pageSize);
            pageNumber = JsonFields.integer(pageable, "PageNumber", pageNumber);
        }
        UserService.NumberedPage page = users.page(store, UserFilters.parse(input.get("Filters")), pageNumber, pageSize);
        int size = pageSize;
        int number = pageNumber;
        return ApiResponse.of(200, gen -> {
            gen.writeArrayFieldStart("Content");
            for (User user : page.users()) {
                UserJson.writeAnswer(gen, user);
            }
            gen.writeEndArray();
            gen.writeObjectFieldStart("Pageable");
            gen.writeNumberField("PageSize", size);
            gen.writeNumberField("PageNumber", number);
            gen.writeEndObject();
            gen.writeNumberField("Total", page.total());
        });
    }

    private ApiResponse listJobs(String store, JsonNode input) {
        JsonFields.rejectUnknown(input, Set.of("UserStoreId", "JobIds"));
        List<Job> found = new ArrayList<>();
        if (input.has("JobIds") && !input.get("JobIds").isNull()) {
            for (String id : strings(input, "JobIds")) {
                try {
                    found.add(jobs.describe(store, id));
                } catch (NotFoundException gone) {
                    // ListJobs lists what exists; an unknown or expired id is simply not in the set
                }
            }
        } else {
            found.addAll(jobs.list(store));
        }
        return ApiResponse.of(200, gen -> {
            gen.writeArrayFieldStart("JobSet");
            for (Job job : found) {
                JobJson.write(gen, job, jobs.location(job));
            }
            gen.writeEndArray();
        });
    }

    private static ApiResponse user(User user) {
        return ApiResponse.of(200, gen -> {
            gen.writeFieldName("User");
            UserJson.writeAnswer(gen, user);
        });
    }

    private ApiResponse job(Job job) {
        String location = jobs.location(job);
        return ApiResponse.of(200, gen -> {
            gen.writeFieldName("Job");
            JobJson.write(gen, job, location);
        });
    }

    private static String required(JsonNode input, String field) {
        JsonNode node = input.get(field);
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            throw InvalidRequestException.missing(field);
        }
        if (!node.isTextual()) {
            throw InvalidRequestException.invalidValue(field, "must be a string");
        }
        return node.asText();
    }

    private static List<String> strings(JsonNode input, String field) {
        JsonNode node = input.get(field);
        if (node == null || !node.isArray() || node.isEmpty() || node.size() > 100) {
            throw InvalidRequestException.invalidValue(field, "must be an array of 1 to 100 strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode value : node) {
            if (!value.isTextual()) {
                throw InvalidRequestException.invalidValue(field, "must hold strings");
            }
            values.add(value.asText());
        }
        return values;
    }
}
