package dev.roster.shared.rest;

import dev.roster.shared.http.ApiRequest;
import dev.roster.shared.http.ApiResponse;
import dev.roster.shared.http.HttpApi;
import dev.roster.shared.job.Job;
import dev.roster.shared.job.JobService;
import dev.roster.shared.job.JobStore;
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
    public static final String LIST = "GET /userstores/{UserStoreId}/jobs";
    public static final List<String> ROUTES = List.of(CREATE_EXPORT, CREATE_IMPORT, CREATE_IMPORT_UPLOAD, START, GET,
            ERRORS, LIST);
    private static final Set<String> ERRORS_PARAMETERS = Set.of("PageSize", "NextToken");
    private static final int DEFAULT_FAILURES_PAGE = 100;

    public ApiResponse route(ApiRequest request) {
        String store = request.pathParameter("UserStoreId");
        String jobId = request.pathParameter("JobId");
        return switch (request.routeKey()) {
            case CREATE_EXPORT -> job(202, jobs.createExport(store, ExportInput.parse(store, request.jsonBody())));
            case CREATE_IMPORT -> job(202, jobs.createImport(store,
                    ImportInput.records(store, request.jsonBody(JsonFields.MAX_IMPORT_BODY_BYTES)), null));
            case CREATE_IMPORT_UPLOAD -> {
                Job job = jobs.createImportUpload(store);
                String uploadUrl = jobs.uploadUrl(job);
                yield ApiResponse.of(201, gen -> {
                    gen.writeFieldName("Job");
                    JobJson.write(gen, job, null);
                    gen.writeStringField("UploadUrl", uploadUrl);
                });
            }
            case START -> job(202, jobs.startImport(store, jobId));
            case GET -> job(200, jobs.describe(store, jobId));
            case ERRORS -> errors(store, jobId, request.query());
            case LIST -> {
                List<Job> all = jobs.list(store);
                yield ApiResponse.of(200, gen -> {
                    gen.writeArrayFieldStart("Jobs");
                    for (Job job : all) {
                        JobJson.write(gen, job, jobs.location(job));
                    }
                    gen.writeEndArray();
                });
            }
            default -> throw HttpApi.noSuchRoute();
        };
    }

    private ApiResponse errors(String store, String jobId, Map<String, String> query) {
        // The job first: an unknown job is a 404 whatever the query says.
        Job job = jobs.get(store, jobId);
        JsonFields.rejectUnknown(query.keySet(), ERRORS_PARAMETERS);
        int pageSize = JsonFields.queryInt(query, "PageSize", DEFAULT_FAILURES_PAGE, 1, JobService.MAX_FAILURES_PAGE);
        JobStore.FailurePage page = jobs.failures(store, jobId, pageSize, query.get("NextToken"));
        return ApiResponse.of(200, gen -> {
            JobJson.writeFailures(gen, job, page.failedUsers());
            gen.writeStringField("NextToken", page.nextToken());
        });
    }

    private ApiResponse job(int status, Job job) {
        String location = jobs.location(job);
        return ApiResponse.of(status, gen -> {
            gen.writeFieldName("Job");
            JobJson.write(gen, job, location);
        });
    }
}
