package dev.roster.shared.fakes;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A fake S3 for unit tests: the calls the workers and ImportFiles make (objects, multipart uploads, If-Match), on
 * one bucket's worth of maps; any other call throws UnsupportedOperationException, as S3Client's defaults do.
 */
public final class InMemoryS3 implements S3Client {

    private record Upload(String key, Map<Integer, byte[]> parts) {
    }

    private final Map<String, byte[]> objects = new TreeMap<>();
    private final Map<String, Upload> uploads = new HashMap<>();

    /** The object at {@code key}; null if there is none. */
    public synchronized byte[] object(String key) {
        return objects.get(key);
    }

    public synchronized Set<String> keys() {
        return new TreeSet<>(objects.keySet());
    }

    /** Multipart uploads begun and neither completed nor aborted. */
    public synchronized int openUploads() {
        return uploads.size();
    }

    /** Stores an object directly, as a client's upload would. */
    public synchronized void put(String key, byte[] bytes) {
        objects.put(key, bytes.clone());
    }

    /** The ETag S3 gives an object written in one piece: its MD5, quoted. */
    static String eTagOf(byte[] bytes) {
        try {
            return "\"" + java.util.HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(RequestBody body) {
        try (InputStream in = body.contentStreamProvider().newStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] existing(String key) {
        byte[] bytes = objects.get(key);
        if (bytes == null) {
            throw (NoSuchKeyException) NoSuchKeyException.builder().statusCode(404).message("no such key: " + key)
                    .build();
        }
        return bytes;
    }

    private Upload upload(String uploadId) {
        Upload upload = uploads.get(uploadId);
        if (upload == null) {
            throw (NoSuchUploadException) NoSuchUploadException.builder().statusCode(404)
                    .message("no such upload: " + uploadId).build();
        }
        return upload;
    }

    @Override
    public synchronized PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
        byte[] bytes = read(body);
        objects.put(request.key(), bytes);
        return PutObjectResponse.builder().eTag(eTagOf(bytes)).build();
    }

    @Override
    public synchronized HeadObjectResponse headObject(HeadObjectRequest request) {
        byte[] bytes = existing(request.key());
        return HeadObjectResponse.builder().eTag(eTagOf(bytes)).contentLength((long) bytes.length).build();
    }

    @Override
    public <ReturnT> ReturnT getObject(GetObjectRequest request,
                                       ResponseTransformer<GetObjectResponse, ReturnT> transformer) {
        byte[] bytes;
        synchronized (this) {
            bytes = existing(request.key());
        }
        String eTag = eTagOf(bytes);
        if (request.ifMatch() != null && !request.ifMatch().equals(eTag)) {
            throw (S3Exception) S3Exception.builder().statusCode(412).message("precondition failed").build();
        }
        GetObjectResponse response = GetObjectResponse.builder().eTag(eTag).contentLength((long) bytes.length).build();
        try {
            return transformer.transform(response, AbortableInputStream.create(new ByteArrayInputStream(bytes)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized DeleteObjectResponse deleteObject(DeleteObjectRequest request) {
        objects.remove(request.key());
        return DeleteObjectResponse.builder().build();
    }

    @Override
    public synchronized CreateMultipartUploadResponse createMultipartUpload(CreateMultipartUploadRequest request) {
        String uploadId = UUID.randomUUID().toString();
        uploads.put(uploadId, new Upload(request.key(), new TreeMap<>()));
        return CreateMultipartUploadResponse.builder().uploadId(uploadId).key(request.key()).build();
    }

    @Override
    public synchronized UploadPartResponse uploadPart(UploadPartRequest request, RequestBody body) {
        byte[] bytes = read(body);
        upload(request.uploadId()).parts().put(request.partNumber(), bytes);
        return UploadPartResponse.builder().eTag(eTagOf(bytes)).build();
    }

    @Override
    public synchronized CompleteMultipartUploadResponse completeMultipartUpload(
            CompleteMultipartUploadRequest request) {
        Upload upload = upload(request.uploadId());
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        List<CompletedPart> parts = request.multipartUpload().parts();
        for (CompletedPart part : parts) {
            byte[] bytes = upload.parts().get(part.partNumber());
            if (bytes == null || !eTagOf(bytes).equals(part.eTag())) {
                throw (S3Exception) S3Exception.builder().statusCode(400).message("InvalidPart " + part.partNumber())
                        .build();
            }
            whole.writeBytes(bytes);
        }
        uploads.remove(request.uploadId());
        objects.put(upload.key(), whole.toByteArray());
        return CompleteMultipartUploadResponse.builder().key(upload.key()).build();
    }

    @Override
    public synchronized AbortMultipartUploadResponse abortMultipartUpload(AbortMultipartUploadRequest request) {
        upload(request.uploadId());
        uploads.remove(request.uploadId());
        return AbortMultipartUploadResponse.builder().build();
    }

    @Override
    public String serviceName() {
        return "s3";
    }

    @Override
    public void close() {
    }
}
