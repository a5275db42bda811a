package io.github.cosmigrate.source.s3.internal;

import io.github.cosmigrate.source.s3.S3SourceConfig;
import java.time.Duration;
import org.apache.hc.client5.http.DnsResolver;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the one sync {@link S3Client} of a source from its settings. */
public final class S3Clients {
  private S3Clients() {}

  /**
   * A client for {@code config}. {@code dns} replaces the system resolver when not null (tests use it to resolve
   * virtual-host names such as {@code bucket.s3.test} to loopback).
   */
  public static S3Client create(S3SourceConfig config, DnsResolver dns) {
    Apache5HttpClient.Builder http = Apache5HttpClient.builder()
        .maxConnections(config.maxConnections())
        .connectionTimeout(config.connectTimeout())
        .socketTimeout(config.socketTimeout())
        .connectionAcquisitionTimeout(Duration.ofMinutes(2))
        .tcpKeepAlive(true);
    if (dns != null) {
      http.dnsResolver(dns);
    }
    S3ClientBuilder b = S3Client.builder()
        .httpClientBuilder(http)
        .region(Region.of(config.region().orElse("us-east-1")))
        .forcePathStyle(config.pathStyle())
        .overrideConfiguration(o -> o.retryStrategy(
            AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(config.sdkMaxAttempts()).build()));
    config.credentials().ifPresent(b::credentialsProvider);
    if (config.endpoint().isPresent()) {
      b.endpointOverride(config.endpoint().get())
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    } else if (config.region().isEmpty()) {
      b.crossRegionAccessEnabled(true);
    }
    return b.build();
  }
}
