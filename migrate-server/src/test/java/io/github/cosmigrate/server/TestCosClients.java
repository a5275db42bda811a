package io.github.cosmigrate.server;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.ClientConfig;
import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.endpoint.EndpointBuilder;
import com.qcloud.cos.endpoint.EndpointResolver;
import com.qcloud.cos.http.HttpProtocol;
import com.qcloud.cos.region.Region;

/** The "pathres" cos_api configuration from the package documentation. */
final class TestCosClients {
  private TestCosClients() {}

  static COSClient pathres(int port, int maxErrorRetry) {
    ClientConfig cc = new ClientConfig(new Region("ap-guangzhou"));
    cc.setHttpProtocol(HttpProtocol.http);
    cc.setEndpointBuilder(
        new EndpointBuilder() {
          @Override
          public String buildGeneralApiEndpoint(String bucket) {
            return bucket + ".cos.local";
          }

          @Override
          public String buildGetServiceApiEndpoint() {
            return "cos.local";
          }
        });
    cc.setEndpointResolver(
        new EndpointResolver() {
          @Override
          public String resolveGeneralApiEndpoint(String ep) {
            return "127.0.0.1:" + port + "/" + ep.substring(0, ep.indexOf('.'));
          }

          @Override
          public String resolveGetServiceApiEndpoint(String ep) {
            return "127.0.0.1:" + port;
          }
        });
    cc.setMaxErrorRetry(maxErrorRetry);
    cc.setSocketTimeout(30_000);
    return new COSClient(new BasicCOSCredentials("AKIDtest", "secret"), cc);
  }
}
