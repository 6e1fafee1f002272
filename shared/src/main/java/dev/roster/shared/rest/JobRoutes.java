package dev.roster.shared.rest;

import dev.roster.shared.http.ApiRequest;
import dev.roster.shared.http.ApiResponse;
import dev.roster.shared.http.HttpApi;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.job.ImportOptions;
import dev.roster.shared.job.Job;
import dev.roster.shared.job.JobService;
import dev.roster.shared.job.JobStore;
import dev.roster.shared.json.Json;
import dev.roster.shared.json.JsonFields;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Data-flow jobs over REST: {@code /userstores/{UserStoreId}/jobs[...]}: exports, imports, reading and listing. */
public record JobRoutes(JobService jobs) {

    public static final String CREATE_EXPORT = "POST /userstores/{UserStoreId}/jobs/users-exports";
    public static final String CREATE_IMPORT = "POST /userstores/{UserStoreId}/jobs/users-imports";
    public static final String CREATE_IMPORT_UPLOAD = "POST /userstores/{UserStoreId}/jobs/users-imports/uploads";
    public static final String START = "POST /userstores/{UserStoreId}/jobs/{JobId}/start";
    public static final String GET = "GET /userstores/{UserStoreId}/jobs/{JobId}";
    public static final String ERRORS = "GET /userstores/{UserStoreId}/jobs/{JobId}/errors";
    public static final String REPORT = "GET /userstores/{UserStoreId}/jobs/{JobId}/report";
    public static final String LIST = "GET /userstores/{UserStoreId}/jobs";
    public static final List<String> ROUTES = List.of(CREATE_EXPORT, CREATE_IMPORT, CREATE_IMPORT_UPLOAD, START, GET,
            ERRORS, REPORT, LIST);
    private static final Set<String> PAGE_PARAMETERS = Set.of("PageSize", "NextToken");
    private static final int DEFAULT_FAILURES_PAGE = 100;

    public ApiResponse route(ApiRequest request) {
        String store = request.pathParameter("UserStoreId");
        String jobId = request.pathParameter("JobId");
        return switch (request.routeKey()) {
            case CREATE_EXPORT -> job(202, jobs.createExport(store, ExportInput.parse(store, request.jsonBody())));
            case CREATE_IMPORT -> {
                JsonNode body = request.jsonBody(JsonFields.MAX_IMPORT_BODY_BYTES);
                ImportOptions options = ImportInput.options(body);
                yield job(202, jobs.createImport(store, ImportInput.recordsBesideOptions(store, body), null, options));
            }
            case CREATE_IMPORT_UPLOAD -> {
                Job job = jobs.createImportUpload(store, ImportInput.uploadOptions(store, request.body()));
                String uploadUrl = jobs.uploadUrl(job);
                String hashesUrl = jobs.passwordHashesUploadUrl(job);
                yield ApiResponse.of(201, gen -> {
                    gen.writeFieldName("Job");
                    JobJson.write(gen, job, null, true);
                    gen.writeStringField("UploadUrl", uploadUrl);
                    if (hashesUrl != null) {
                        gen.writeStringField("PasswordHashesUploadUrl", hashesUrl);
                    }
                });
            }
            case START -> job(202, jobs.startImport(store, jobId));
            case GET -> job(200, jobs.describe(store, jobId));
            case ERRORS -> errors(store, jobId, request.query());
            case REPORT -> report(store, jobId, request.query());
            case LIST -> {
                List<Job> all = jobs.list(store);
                yield ApiResponse.of(200, gen -> {
                    gen.writeArrayFieldStart("Jobs");
                    for (Job job : all) {
                        JobJson.write(gen, job, jobs.location(job), true);
                    }
                    gen.writeEndArray();
                });
            }
            default -> throw HttpApi.noSuchRoute();
        };
    }

    private ApiResponse errors(String store, String jobId, Map<String, String> query) {
        Job job = jobs.get(store, jobId);
        JobStore.FailurePage page = jobs.failures(store, jobId, pageSize(query), query.get("NextToken"));
        return ApiResponse.of(200, gen -> {
            JobJson.writeFailures(gen, job, page.failedUsers());
            gen.writeStringField("NextToken", page.nextToken());
        });
    }

    /** A dry run's report: the job, then what it would do with each record. */
    private ApiResponse report(String store, String jobId, Map<String, String> query) {
        Job job = jobs.describe(store, jobId);
        JobStore.ReportPage page = jobs.report(store, jobId, pageSize(query), query.get("NextToken"));
        return ApiResponse.of(200, gen -> {
            gen.writeFieldName("Job");
            JobJson.write(gen, job, null, true);
            Json.writeObjectArray(gen, "Lines", page.lines(), (g, line) -> {
                g.writeNumberField("Line", line.line());
                g.writeStringField("Action", line.action());
                g.writeStringField("UserId", line.userId());
                g.writeStringField("Identification", line.identification());
                g.writeStringField("Code", line.code());
                g.writeStringField("Message", line.message());
                g.writeStringField("Path", line.path());
            });
            gen.writeStringField("NextToken", page.nextToken());
        });
    }

    /** The page size a paged route's query asks for, once the job is known (an unknown job is a 404 first). */
    private static int pageSize(Map<String, String> query) {
        JsonFields.rejectUnknown(query.keySet(), PAGE_PARAMETERS);
        return JsonFields.queryInt(query, "PageSize", DEFAULT_FAILURES_PAGE, 1, JobService.MAX_FAILURES_PAGE);
    }

    private ApiResponse job(int status, Job job) {
        String location = jobs.location(job);
        return ApiResponse.of(status, gen -> {
            gen.writeFieldName("Job");
            JobJson.write(gen, job, location, true);
        });
    }
}
