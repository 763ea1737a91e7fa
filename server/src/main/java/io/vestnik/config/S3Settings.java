package io.vestnik.config;

/**
 * The S3-compatible bucket attachments are stored in, when {@code VESTNIK_S3_BUCKET} is set.
 *
 * @param endpoint  the service's URL for a non-AWS server (MinIO, Ceph, R2, a local test server),
 *                  addressed path-style; null for AWS itself
 * @param bucket    an existing bucket; the server does not create it
 * @param region    the signing region
 * @param accessKey with {@code secretKey}, static credentials; both null: the AWS SDK's default
 *                  chain (environment, profile, instance role)
 */
public record S3Settings(String endpoint, String bucket, String region, String accessKey, String secretKey) {
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region + "]";
    }
}
