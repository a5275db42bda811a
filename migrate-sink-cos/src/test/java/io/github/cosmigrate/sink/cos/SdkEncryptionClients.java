package io.github.cosmigrate.sink.cos;

import com.qcloud.cos.COSEncryptionClient;
import com.qcloud.cos.ClientConfig;
import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.auth.COSStaticCredentialsProvider;
import com.qcloud.cos.endpoint.EndpointBuilder;
import com.qcloud.cos.http.CosHttpRequest;
import com.qcloud.cos.http.HttpMethodName;
import com.qcloud.cos.http.HttpProtocol;
import com.qcloud.cos.internal.CosServiceRequest;
import com.qcloud.cos.internal.crypto.CryptoConfiguration;
import com.qcloud.cos.internal.crypto.CryptoMode;
import com.qcloud.cos.internal.crypto.CryptoStorageMode;
import com.qcloud.cos.internal.crypto.EncryptionMaterials;
import com.qcloud.cos.internal.crypto.StaticEncryptionMaterialsProvider;
import com.qcloud.cos.model.COSObject;
import com.qcloud.cos.model.GetObjectRequest;
import com.qcloud.cos.region.Region;
import java.io.IOException;
import java.io.InputStream;

/**
 * cos_api's own {@link COSEncryptionClient} on the test servers (path style, as the dialect proxy needs): the
 * reference that objects written by the encrypting sink must decrypt with, and that writes objects to compare with.
 */
final class SdkEncryptionClients {
  private SdkEncryptionClients() {}

  /** An encryption client with {@code materials} in {@code mode}, metadata storage, on the shared test proxy. */
  static COSEncryptionClient create(EncryptionMaterials materials, CryptoMode mode) throws IOException {
    int port = CosTestServers.proxy().port();
    ClientConfig cc = new ClientConfig(new Region(CosTestServers.REGION));
    cc.setHttpProtocol(HttpProtocol.http);
    cc.setEndpointBuilder(new EndpointBuilder() {
      @Override
      public String buildGeneralApiEndpoint(String bucketName) {
        return "127.0.0.1:" + port;
      }

      @Override
      public String buildGetServiceApiEndpoint() {
        return "127.0.0.1:" + port;
      }
    });
    cc.setMaxErrorRetry(0);
    return new PathStyle(new COSStaticCredentialsProvider(new BasicCOSCredentials(CosTestServers.SECRET_ID,
        CosTestServers.SECRET_KEY)), new StaticEncryptionMaterialsProvider(materials), cc,
        new CryptoConfiguration(mode).withStorageMode(CryptoStorageMode.ObjectMetadata));
  }

  /** The plaintext of {@code key} as the encryption client decrypts it. */
  static byte[] decrypt(COSEncryptionClient client, String bucket, String key) throws IOException {
    COSObject o = client.getObject(new GetObjectRequest(bucket, key));
    try (InputStream in = o.getObjectContent()) {
      return in.readAllBytes();
    }
  }

  private static final class PathStyle extends COSEncryptionClient {
    PathStyle(COSStaticCredentialsProvider credentials, StaticEncryptionMaterialsProvider materials, ClientConfig cc,
        CryptoConfiguration crypto) {
      super(credentials, materials, cc, crypto);
    }

    @Override
    protected <X extends CosServiceRequest> CosHttpRequest<X> createRequest(String bucketName, String key,
        X originalRequest, HttpMethodName httpMethod) {
      return io.github.cosmigrate.sink.cos.internal.CosClients.pathStyle(
          super.createRequest(bucketName, key, originalRequest, httpMethod), bucketName);
    }
  }
}
