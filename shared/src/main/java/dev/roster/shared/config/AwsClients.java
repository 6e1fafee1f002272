package dev.roster.shared.config;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.function.Supplier;

/**
 * The SDK clients of one container, each built on first use and then shared: a function that never touches S3
 * never pays for an S3 client. All use the one URLConnection HTTP client.
 */
public final class AwsClients {

    private final Supplier<DynamoDbClient> dynamo;
    private final Supplier<SqsClient> sqs;
    private final Supplier<S3Client> s3;
    private final Supplier<S3Presigner> presigner;

    public AwsClients(Supplier<DynamoDbClient> dynamo, Supplier<SqsClient> sqs, Supplier<S3Client> s3,
                      Supplier<S3Presigner> presigner) {
        this.dynamo = once(dynamo);
        this.sqs = once(sqs);
        this.s3 = once(s3);
        this.presigner = once(presigner);
    }

    /**
     * Lambda's: the region from {@code AWS_REGION}, credentials from the SDK's default chain. Under SnapStart Lambda
     * gives no key variables, only a container-credentials endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and
     * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}), which the default chain reads after the (absent) keys; pinning the
     * environment-variable provider would fail every call there. {@code AWS_ENDPOINT_URL_*} overrides are honoured.
     */
    public static AwsClients fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static AwsClients fromEnvironment(java.util.Map<String, String> env) {
        String regionName = env.get("AWS_REGION");
        if (regionName == null || regionName.isBlank()) {
            throw new IllegalStateException("AWS_REGION is not set (Lambda always sets it)");
        }
        Region region = Region.of(regionName);
        // One provider for every client: it caches what it resolved and refreshes expiring credentials.
        DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        return new AwsClients(
                () -> DynamoDbClient.builder().region(region).credentialsProvider(credentials)
                        .httpClient(UrlConnectionHttpClient.create()).build(),
                () -> SqsClient.builder().region(region).credentialsProvider(credentials)
                        .httpClient(UrlConnectionHttpClient.create()).build(),
                () -> S3Client.builder().region(region).credentialsProvider(credentials)
                        .httpClient(UrlConnectionHttpClient.create()).build(),
                () -> S3Presigner.builder().region(region).credentialsProvider(credentials).build());
    }

    public DynamoDbClient dynamo() {
        return dynamo.get();
    }

    public SqsClient sqs() {
        return sqs.get();
    }

    public S3Client s3() {
        return s3.get();
    }

    public S3Presigner presigner() {
        return presigner.get();
    }

    static <T> Supplier<T> once(Supplier<T> factory) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    synchronized (this) {
                        v = value;
                        if (v == null) {
                            v = factory.get();
                            value = v;
                        }
                    }
                }
                return v;
            }
        };
    }
}
