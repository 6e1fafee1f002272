package dev.roster.shared.export;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An OutputStream onto one S3 multipart upload: bytes fill a part buffer, each full part is uploaded while the next
 * fills (up to {@link #UPLOADS_IN_FLIGHT} at once), and the object appears only when {@link #complete()} succeeds, so
 * no reader ever sees half a file. Memory: the filling part plus those in flight.
 */
public final class MultipartUploadStream extends OutputStream {

    /** S3 wants at least 5 MiB in every part but the last. */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;

    /** Parts uploading while the next one fills. */
    static final int UPLOADS_IN_FLIGHT = 2;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String uploadId;
    private final int partSize;
    private byte[] buffer;
    private final List<java.util.concurrent.Future<CompletedPart>> parts = new ArrayList<>();
    private final java.util.concurrent.ExecutorService uploads;
    private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(UPLOADS_IN_FLIGHT);
    private int filled;
    private boolean finished;

    /** Where an upload stood at a checkpoint: its completed parts, and the bytes not yet a part (under 5 MiB). */
    public record State(List<CompletedPart> parts, byte[] pending) {
    }

    /** Continues an upload from a checkpoint: part numbers go on after {@code state}'s, its pending bytes first. */
    public static MultipartUploadStream resume(S3Client s3, String bucket, String key, String uploadId, int partSize,
                                               State state) {
        MultipartUploadStream stream = new MultipartUploadStream(s3, bucket, key, uploadId, partSize);
        for (CompletedPart part : state.parts()) {
            stream.parts.add(java.util.concurrent.CompletableFuture.completedFuture(part));
        }
        stream.write(state.pending(), 0, state.pending().length);
        return stream;
    }

    /**
     * Ends this invocation's share of the upload without completing it: waits for the parts in flight, uploads the
     * buffer as a part if S3 allows one that size, and returns what a later invocation resumes from.
     */
    public State checkpoint() {
        if (filled >= MIN_PART_SIZE) {
            uploadPart();
        }
        byte[] pending = java.util.Arrays.copyOf(buffer, filled);
        finished = true;
        return new State(awaitParts(), pending);
    }

    public MultipartUploadStream(S3Client s3, String bucket, String key, String uploadId, int partSize) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("parts must be at least 5 MiB");
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.uploadId = uploadId;
        this.partSize = partSize;
        this.buffer = new byte[partSize];
        this.uploads = java.util.concurrent.Executors.newFixedThreadPool(UPLOADS_IN_FLIGHT, r -> {
            Thread t = new Thread(r, "roster-part-upload");
            t.setDaemon(true);
            return t;
        });
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
        byte[] part = filled == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, filled);
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        parts.add(uploads.submit(() -> {
            try {
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                        RequestBody.fromBytes(part)).eTag();
                return CompletedPart.builder().partNumber(number).eTag(etag).build();
            } finally {
                inFlight.release();
            }
        }));
        buffer = new byte[partSize];
        filled = 0;
    }

    /** Uploads the last part, waits for all, and completes the upload: the object exists from here on. */
    public void complete() {
        if (filled > 0 || parts.isEmpty()) {
            uploadPart();
        }
        List<CompletedPart> done = awaitParts();
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(done)));
        finished = true;
    }

    private List<CompletedPart> awaitParts() {
        List<CompletedPart> done = new ArrayList<>(parts.size());
        for (java.util.concurrent.Future<CompletedPart> part : parts) {
            try {
                done.add(part.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException(e.getCause());
            }
        }
        return done;
    }

    public int partCount() {
        return parts.size();
    }

    /** Closing without {@link #complete()} leaves the upload to be aborted by the caller. */
    @Override
    public void close() throws IOException {
        if (!finished) {
            filled = 0;
            parts.forEach(part -> part.cancel(true));
        }
        uploads.shutdown();
    }
}
