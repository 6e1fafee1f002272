package dev.roster.shared.job;

import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.time.Duration;

/** Download links for export files: presigned S3 GETs, minted fresh at every call, valid 60 seconds (as Auth0's). */
public record PresignedLocation(S3Presigner presigner, String bucket, Duration validity) {

    public static final Duration VALIDITY = Duration.ofSeconds(60);

    public String urlFor(String objectKey) {
        return presigner.presignGetObject(r -> r.signatureDuration(validity)
                .getObjectRequest(g -> g.bucket(bucket).key(objectKey))).url().toString();
    }
}
