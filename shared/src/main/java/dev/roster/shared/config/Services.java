package dev.roster.shared.config;

import dev.roster.shared.compat.auth0.Auth0Api;
import dev.roster.shared.compat.auth0.Auth0Tokens;
import dev.roster.shared.compat.tencent.AcceptedSignatures;
import dev.roster.shared.compat.tencent.Tc3Verifier;
import dev.roster.shared.compat.tencent.TencentApi;
import dev.roster.shared.export.ExportWorker;
import dev.roster.shared.job.FailurePoint;
import dev.roster.shared.export.MultipartUploadStream;
import dev.roster.shared.http.HttpApi;
import dev.roster.shared.http.RateLimiter;
import dev.roster.shared.http.StoreRequestLimit;
import dev.roster.shared.imports.ImportWorker;
import dev.roster.shared.job.DynamoJobStore;
import dev.roster.shared.job.ImportFiles;
import dev.roster.shared.job.Job;
import dev.roster.shared.job.JobRunner;
import dev.roster.shared.job.JobQueue;
import dev.roster.shared.job.JobService;
import dev.roster.shared.job.PresignedLocation;
import dev.roster.shared.security.PasswordHasher;
import dev.roster.shared.user.DynamoUserStore;
import dev.roster.shared.user.UserService;

import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The object graph of one container: stores and services over {@link AwsClients}, each built once on first use.
 * Handlers' no-argument constructors take it from {@link #fromEnvironment()}; the local runner and tests build
 * their own over the emulators.
 */
public final class Services {

    private static final Supplier<Services> ENVIRONMENT = AwsClients.once(() ->
            new Services(RosterConfig.fromEnvironment(), AwsClients.fromEnvironment(), Clock.systemUTC(),
                    FailurePoint.NONE));

    private final RosterConfig config;
    private final Supplier<DynamoUserStore> userStore;
    private final Supplier<DynamoJobStore> jobStore;
    private final Supplier<UserService> users;
    private final Supplier<JobService> jobs;
    private final Supplier<JobRunner> jobRunner;
    private final Supplier<TencentApi> tencent;
    private final Supplier<Auth0Api> auth0;
    private final HttpApi httpApi;

    public Services(RosterConfig config, AwsClients clients, Clock clock, FailurePoint failurePoint) {
        this.config = config;
        this.userStore = AwsClients.once(() -> new DynamoUserStore(clients.dynamo(), config.tableName()));
        this.jobStore = AwsClients.once(() -> new DynamoJobStore(clients.dynamo(), config.tableName()));
        this.users = AwsClients.once(() -> new UserService(userStore.get(),
                new PasswordHasher(config.passwordHashIterations(), config.passwordHashMemoryKiB()), clock,
                config.passwordMaxFailedChecks()));
        Supplier<JobQueue> queue = AwsClients.once(() ->
                JobQueue.sqs(clients.sqs(), required(config.jobsQueueUrl(), RosterConfig.JOBS_QUEUE_URL)));
        Supplier<ImportFiles> importFiles = AwsClients.once(() ->
                new ImportFiles(clients.s3(), clients.presigner(), bucket()));
        this.jobs = AwsClients.once(() -> new JobService(jobStore.get(), userStore.get(), queue.get(),
                new PresignedLocation(clients.presigner(), bucket(), PresignedLocation.VALIDITY),
                importFiles.get(), clock));
        this.jobRunner = AwsClients.once(() -> new JobRunner(jobStore.get(), queue.get(), clock, config.jobMaxReceives(), Map.of(
                Job.EXPORT_USER, new ExportWorker(jobStore.get(), userStore.get(), clients.s3(), bucket(), clock,
                        MultipartUploadStream.DEFAULT_PART_SIZE,
                        java.time.Duration.ofSeconds(config.jobSegmentSeconds()), failurePoint),
                Job.IMPORT_USER, new ImportWorker(jobStore.get(), userStore.get(), clients.s3(), bucket(),
                        new PasswordHasher(config.passwordHashIterations(), config.passwordHashMemoryKiB()), clock,
                        java.time.Duration.ofSeconds(config.jobSegmentSeconds()), failurePoint,
                        config.importLimits())),
                importFiles.get()::deleteInputOf, failurePoint));
        this.httpApi = new HttpApi(new RateLimiter(config.rateLimitPerSecond()),
                new RateLimiter(config.authFailuresPerMinute(), 60, RateLimiter.DEFAULT_MAX_KEYS),
                new StoreRequestLimit(clients::dynamo, config.tableName(), config.storeRequestsPerSecond(), clock),
                HttpApi.DEFAULT_MAX_BODY_BYTES);
        this.tencent = AwsClients.once(() -> new TencentApi(users.get(), jobs.get(),
                Tc3Verifier.parse(config.tencentCredentials(), clock),
                new AcceptedSignatures(clients.dynamo(), config.tableName()), httpApi));
        this.auth0 = AwsClients.once(() -> new Auth0Api(users.get(), jobs.get(),
                Auth0Tokens.parse(config.auth0Tokens()), httpApi));
    }

    /** The Auth0 Management API v2 subset over the same services. */
    public Auth0Api auth0() {
        return auth0.get();
    }

    /** Tencent Cloud API 3.0's front door over the same services. */
    public TencentApi tencent() {
        return tencent.get();
    }

    public static Services fromEnvironment() {
        return ENVIRONMENT.get();
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set");
        }
        return value;
    }

    public UserService users() {
        return users.get();
    }

    public JobService jobs() {
        return jobs.get();
    }

    /** Runs job deliveries: exports and imports. */
    public JobRunner jobRunner() {
        return jobRunner.get();
    }

    private String bucket() {
        return required(config.exportBucket(), RosterConfig.EXPORT_BUCKET);
    }

    public HttpApi httpApi() {
        return httpApi;
    }

    public RosterConfig config() {
        return config;
    }
}
