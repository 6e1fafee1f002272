package dev.roster.shared.export;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An OutputStream onto one S3 multipart upload: bytes fill a part buffer, each full part is uploaded, and the object
 * appears only when {@link #complete()} succeeds, so no reader ever sees half a file. Memory: one part.
 */
public final class MultipartUploadStream extends OutputStream {

    /** S3 wants at least 5 MiB in every part but the last. */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String uploadId;
    private final byte[] buffer;
    private final List<CompletedPart> parts = new ArrayList<>();
    private int filled;
    private boolean finished;

    public MultipartUploadStream(S3Client s3, String bucket, String key, String uploadId, int partSize) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("parts must be at least 5 MiB");
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.uploadId = uploadId;
        this.buffer = new byte[partSize];
    }

    @Override
    public void write(int b) {
        if (filled == buffer.length) {
            uploadPart();
        }
        buffer[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        while (length > 0) {
            if (filled == buffer.length) {
                uploadPart();
            }
            int n = Math.min(length, buffer.length - filled);
            System.arraycopy(bytes, offset, buffer, filled, n);
            filled += n;
            offset += n;
            length -= n;
        }
    }

    private void uploadPart() {
        int number = parts.size() + 1;
        String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, filled))).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        filled = 0;
    }

    /** Uploads the last part and completes the upload: the object exists from here on. */
    public void complete() {
        if (filled > 0 || parts.isEmpty()) {
            uploadPart();
        }
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts)));
        finished = true;
    }

    public int partCount() {
        return parts.size();
    }

    /** Closing without {@link #complete()} leaves the upload to be aborted by the caller. */
    @Override
    public void close() throws IOException {
        if (!finished) {
            filled = 0;
        }
    }
}
