package dev.roster.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * DynamoDB Local, ElasticMQ and S3Proxy in this JVM, on free loopback ports. In memory, or with {@code dataDir} on
 * disk (DynamoDB and S3; ElasticMQ keeps its queues in memory).
 */
public final class EmbeddedAws implements AutoCloseable {

    /** DynamoDB Local accepts only letters and digits in access key ids. */
    public static final String ACCESS_KEY = "roster";
    public static final String SECRET_KEY = "rostersecret";
    public static final String REGION = "us-east-1";

    /** How to stop each emulator, in the order they were started. */
    private final List<AutoCloseable> started;
    private final AwsEndpoints endpoints;

    private EmbeddedAws(List<AutoCloseable> started, AwsEndpoints endpoints) {
        this.started = List.copyOf(started);
        this.endpoints = endpoints;
    }

    public static EmbeddedAws start(Path dataDir) throws Exception {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            int dynamoPort = freePort();
            List<String> args = new ArrayList<>(List.of("-port", Integer.toString(dynamoPort), "-sharedDb",
                    "-disableTelemetry"));
            if (dataDir != null) {
                Path dir = Files.createDirectories(dataDir.resolve("dynamodb"));
                args.addAll(List.of("-dbPath", dir.toString()));
            } else {
                args.add("-inMemory");
            }
            DynamoDBProxyServer dynamo = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            dynamo.start();
            started.add(dynamo::stop);

            SQSRestServer sqs = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
            started.add(sqs::stopAndWait);
            int sqsPort = sqs.waitUntilStarted().localAddress().getPort();

            BlobStore blobs = dataDir == null ? new TransientNio2BlobStore()
                    : new FilesystemNio2BlobStore(Files.createDirectories(dataDir.resolve("s3")).toString());
            int s3Port = freePort();
            S3Proxy s3 = S3Proxy.builder().blobStore(blobs)
                    .endpoint(URI.create("http://127.0.0.1:" + s3Port))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    // Temporary credentials (Lambda's, under SnapStart or not) carry x-amz-security-token, which
                    // S3Proxy otherwise answers with 501 Not Implemented.
                    .ignoreUnknownHeaders(true)
                    .build();
            s3.start();
            started.add(s3::stop);
            while (!"STARTED".equals(s3.getState())) {
                Thread.sleep(5);
            }
            AwsEndpoints endpoints = new AwsEndpoints(URI.create("http://127.0.0.1:" + dynamoPort),
                    URI.create("http://127.0.0.1:" + sqsPort), URI.create("http://127.0.0.1:" + s3Port),
                    ACCESS_KEY, SECRET_KEY, REGION);
            return new EmbeddedAws(started, endpoints);
        } catch (Exception e) {
            stopAll(started);
            throw e;
        }
    }

    public AwsEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public void close() {
        stopAll(started);
    }

    /** Stops the emulators last started first, each whatever the others do. */
    private static void stopAll(List<AutoCloseable> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("while stopping an emulator: " + e);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
