package dev.roster.local;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import dev.roster.shared.config.AwsClients;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;

/**
 * Where DynamoDB, SQS and S3 answer, with the credentials they accept: the embedded emulators here, LocalStack
 * where Docker runs. Clients are built with the same single HTTP client implementation the Lambda functions use.
 */
public record AwsEndpoints(URI dynamo, URI sqs, URI s3, String accessKey, String secretKey, String region) {

    /** The container's clients over these endpoints, as Lambda would build them over AWS. */
    public AwsClients clients() {
        return new AwsClients(this::dynamoClient, this::sqsClient, this::s3Client, this::presigner);
    }

    /** Path-style URLs on the emulator's address: what a local client can fetch. */
    public S3Presigner presigner() {
        return S3Presigner.builder().endpointOverride(s3).credentialsProvider(credentials()).region(Region.of(region))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
    }

    public StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }

    public DynamoDbClient dynamoClient() {
        return DynamoDbClient.builder().endpointOverride(dynamo).credentialsProvider(credentials())
                .region(Region.of(region)).httpClient(UrlConnectionHttpClient.create()).build();
    }

    public SqsClient sqsClient() {
        return SqsClient.builder().endpointOverride(sqs).credentialsProvider(credentials())
                .region(Region.of(region)).httpClient(UrlConnectionHttpClient.create()).build();
    }

    public S3Client s3Client() {
        return S3Client.builder().endpointOverride(s3).credentialsProvider(credentials())
                .region(Region.of(region)).forcePathStyle(true).httpClient(UrlConnectionHttpClient.create()).build();
    }
}
