package io.vestnik.blob.s3;

import io.vestnik.blob.BlobContent;
import io.vestnik.blob.BlobKey;
import io.vestnik.blob.BlobStore;
import io.vestnik.config.S3Settings;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Blobs as objects of one S3 bucket, through the AWS SDK v2's synchronous client (decision 0033):
 * a put streams its body with the length announced, a read asks for a byte range. A PUT is atomic
 * on S3, so a failed or interrupted one stores nothing; a DELETE of a missing key succeeds. See
 * {@link BlobStore} for the contract.
 */
public final class S3BlobStore implements BlobStore {
    private final S3Client s3;
    private final String bucket;

    public S3BlobStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /**
     * A client for {@code settings}: path-style addressing when an endpoint is given (local and
     * S3-compatible servers); plain bodies, neither aws-chunked nor trailing checksums, which
     * S3-compatible servers do not all decode. The payload is hashed for the signature by a first
     * read of the content ({@link BlobContent}), so nothing is buffered in memory.
     */
    public static S3BlobStore connect(S3Settings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(settings.region()))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .credentialsProvider(settings.accessKey() == null ? DefaultCredentialsProvider.builder().build()
                        : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())));
        if (settings.endpoint() != null) {
            builder.endpointOverride(URI.create(settings.endpoint())).forcePathStyle(true);
        }
        return new S3BlobStore(builder.build(), settings.bucket());
    }

    @Override
    public void put(String key, BlobContent content) {
        BlobKey.check(key);
        RequestBody body = RequestBody.fromContentProvider(() -> reopen(content), content.length(), "application/octet-stream");
        try {
            s3.putObject(r -> r.bucket(bucket).key(key).contentLength(content.length()), body);
        } catch (RuntimeException e) { // the SDK's own, and a content stream's failure
            throw failed("store", key, e);
        }
    }

    @Override
    public Optional<InputStream> open(String key, long offset, long length) {
        BlobKey.check(key);
        try {
            if (length == 0) {
                s3.headObject(r -> r.bucket(bucket).key(key));
                return Optional.of(InputStream.nullInputStream());
            }
            String last = length == TO_END ? "" : Long.toString(offset + length - 1);
            return Optional.of(s3.getObject(r -> r.bucket(bucket).key(key).range("bytes=" + offset + "-" + last)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) return Optional.empty();
            throw failed("read", key, e);
        } catch (SdkException e) {
            throw failed("read", key, e);
        }
    }

    @Override
    public void delete(String key) {
        BlobKey.check(key);
        try {
            s3.deleteObject(r -> r.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw failed("delete", key, e);
        }
    }

    private static InputStream reopen(BlobContent content) {
        try {
            return content.open();
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    private UncheckedIOException failed(String what, String key, RuntimeException cause) {
        return new UncheckedIOException("cannot " + what + " blob " + key + " in bucket " + bucket,
                new java.io.IOException(cause.getMessage(), cause));
    }
}
