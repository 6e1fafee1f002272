package dev.roster.local;

import dev.roster.shared.export.MultipartUploadStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.Arrays;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several parts uploaded concurrently against S3Proxy (which enforces S3's part-size rules) make one exact object. */
class MultipartUploadStreamTest {

    @Test
    void manyPartsUploadedConcurrentlyAssembleInOrder() throws Exception {
        // given 12 MiB of incompressible bytes, written in odd-sized chunks through 5 MiB parts
        LocalDeployment deployment = TestAws.deployment();
        S3Client s3 = deployment.endpoints().s3Client();
        String key = "exports/multipart-test/" + UUID.randomUUID() + ".bin";
        byte[] data = new byte[12 * 1024 * 1024 + 12345];
        new Random(42).nextBytes(data);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(LocalDeployment.BUCKET).key(key)).uploadId();

        // when
        int parts;
        try (MultipartUploadStream out = new MultipartUploadStream(s3, LocalDeployment.BUCKET, key, uploadId,
                MultipartUploadStream.MIN_PART_SIZE)) {
            for (int offset = 0; offset < data.length; offset += 70_001) {
                out.write(data, offset, Math.min(70_001, data.length - offset));
            }
            out.complete();
            parts = out.partCount();
        }

        // then
        assertEquals(3, parts);
        byte[] stored = s3.getObjectAsBytes(b -> b.bucket(LocalDeployment.BUCKET).key(key)).asByteArray();
        assertEquals(data.length, stored.length);
        assertArrayEquals(data, stored);
        assertTrue(s3.listMultipartUploads(b -> b.bucket(LocalDeployment.BUCKET)).uploads().stream()
                .noneMatch(u -> u.key().equals(key)));
        assertTrue(Arrays.equals(data, stored));
    }
}
