package io.github.cosmigrate.sink.cos.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.qcloud.cos.auth.AnonymousCOSCredentials;
import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.auth.BasicSessionCredentials;
import com.qcloud.cos.auth.COSCredentials;
import com.qcloud.cos.auth.COSSigner;
import com.qcloud.cos.exception.CosClientException;
import com.qcloud.cos.http.CosHttpRequest;
import com.qcloud.cos.http.HttpMethodName;
import com.qcloud.cos.model.PutObjectRequest;
import com.qcloud.cos.utils.UrlEncoderUtils;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** {@link CosRequestSigner} gives exactly {@link COSSigner}'s {@code Authorization} for the same inputs and clock. */
class CosRequestSignerTest {
  private static final Date START = new Date(1_796_600_000_123L);
  private static final Date END = new Date(1_796_601_000_999L);

  private static Map<String, String> headers(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void theAuthorizationIsCosApisForOddPathsHeadersAndParameters() {
    List<COSCredentials> creds = List.of(new BasicCOSCredentials("AKIDone", "secret-one"),
        new BasicSessionCredentials("AKIDtwo", "secret-two", "token-2"), new BasicCOSCredentials("AKIDone", "sécret"));
    List<String> paths = List.of("/", "/a.txt", "/bucket-1250000000/dir/a b+c%d*e~f(1)'!$&=;,@[].bin",
        "/中文/ключ-é.txt", "//leading", "/q?x#y");
    List<Map<String, String>> headerSets = List.of(
        headers("Host", "b-1250000000.cos.ap-guangzhou.myqcloud.com"),
        headers("Host", "127.0.0.1:9000", "Content-Length", "70000", "Content-Type", "text/plain; charset=utf-8",
            "User-Agent", "cos-migrate", "x-cos-meta-Mixed-Case", "  padded  ", "Cache-Control", "max-age=60",
            "Content-Disposition", "attachment; filename=\"a b.txt\"", "Expires", "Thu, 01 Dec 2033 16:00:00 GMT",
            "x-cos-server-side-encryption-context", "eyJrIjoidiJ9", "x-cos-traffic-limit", "819200",
            "X-Cos-Storage-Class", "STANDARD_IA", "Range", "bytes=0-9", "If-Match", "\"abc\"", "x-ci-thing", "1",
            "Accept", "not signed"),
        headers("host", "h", "x-cos-meta-empty", "", "x-cos-copy-source", "b.cos.local/k%20y?versionId=1"));
    List<Map<String, String>> paramSets = List.of(Map.of(), headers("uploadId", "id/1+ x", "partNumber", "3"),
        headers("uploads", null, "prefix", "a b/", "Max-Keys", "1000", "encoding-type", "url"));
    COSSigner theirs = new COSSigner();
    CosRequestSigner ours = new CosRequestSigner();
    int cases = 0;
    for (COSCredentials c : creds) {
      for (String path : paths) {
        for (Map<String, String> h : headerSets) {
          for (Map<String, String> p : paramSets) {
            for (HttpMethodName m : List.of(HttpMethodName.PUT, HttpMethodName.GET, HttpMethodName.DELETE)) {
              String expected = theirs.buildAuthorizationStr(m, path, h, p, c, START, END, true);
              assertThat(ours.buildAuthorizationStr(m, path, h, p, c, START, END, true))
                  .as("%s %s %s %s", m, path, h, p).isEqualTo(expected);
              cases++;
            }
          }
        }
      }
    }
    assertThat(cases).isEqualTo(3 * 6 * 3 * 3 * 3);
  }

  @Test
  void signingARequestAddsTheSameHeadersAsCosApi() {
    COSCredentials session = new BasicSessionCredentials("AKIDs", "secret-s", "the-token");
    Map<String, String> signed = new HashMap<>();
    for (COSSigner signer : List.of(new COSSigner(), new CosRequestSigner())) {
      signer.setLocalTimeDelta(-7);
      CosHttpRequest<PutObjectRequest> r = new CosHttpRequest<>(new PutObjectRequest("b-1250000000", "k", (java.io.File) null));
      r.setHttpMethod(HttpMethodName.PUT);
      r.setResourcePath("/k y");
      r.addHeader("Host", "b-1250000000.cos.local");
      r.addParameter("partNumber", "2");
      // sign() uses the current second: retry across a second boundary rather than compare two different clocks
      String a;
      String b;
      do {
        long before = System.currentTimeMillis() / 1000;
        signer.sign(r, session, END);
        a = r.getHeaders().get("Authorization");
        b = r.getHeaders().get("x-cos-security-token");
        if (System.currentTimeMillis() / 1000 == before) {
          break;
        }
      } while (true);
      signed.put(signer.getClass().getSimpleName() + ".auth", a);
      signed.put(signer.getClass().getSimpleName() + ".token", b);
    }
    assertThat(signed.get("CosRequestSigner.token")).isEqualTo("the-token").isEqualTo(signed.get("COSSigner.token"));
    // both were signed within the same second unless the test straddled one; compare all but the times then
    String ours = signed.get("CosRequestSigner.auth").replaceAll("q-(sign|key)-time=[0-9;]+", "")
        .replaceAll("q-signature=[0-9a-f]+", "");
    String theirs = signed.get("COSSigner.auth").replaceAll("q-(sign|key)-time=[0-9;]+", "")
        .replaceAll("q-signature=[0-9a-f]+", "");
    assertThat(ours).isEqualTo(theirs).contains("q-header-list=host").contains("q-url-param-list=partnumber");
  }

  @Test
  void theCachedSigningKeyFollowsTheSecretAndTheKeyTime() throws Exception {
    COSSigner theirs = new COSSigner();
    CosRequestSigner ours = new CosRequestSigner();
    Map<String, String> h = headers("Host", "h");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> same = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        COSCredentials c = new BasicCOSCredentials("AKID" + (i % 3), "secret-" + (i % 3));
        Date start = new Date(START.getTime() + (i % 5) * 1000L);
        same.add(pool.submit(() -> ours.buildAuthorizationStr(HttpMethodName.PUT, "/k", h, Map.of(), c, start, END,
            true).equals(theirs.buildAuthorizationStr(HttpMethodName.PUT, "/k", h, Map.of(), c, start, END, true))));
      }
      for (Future<Boolean> f : same) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void anonymousCredentialsAreNotSignedAndAMissingHostIsRefused() {
    CosRequestSigner ours = new CosRequestSigner();
    assertThat(ours.buildAuthorizationStr(HttpMethodName.GET, "/k", headers("Host", "h"), Map.of(),
        new AnonymousCOSCredentials(), START, END, true)).isNull();
    assertThatThrownBy(() -> ours.buildAuthorizationStr(HttpMethodName.GET, "/k", headers("x-cos-a", "1"), Map.of(),
        new BasicCOSCredentials("AKID", "s"), START, END, true)).isInstanceOf(CosClientException.class)
        .hasMessageContaining("host").hasMessageNotContaining("x-cos-a");
  }

  @Test
  void percentEncodingIsCosApisForEveryCharacterClass() {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x250; c++) {
      if (!Character.isSurrogate(c)) {
        all.append(c);
      }
    }
    all.append("中文😀");
    String s = all.toString();
    for (int i = 0; i < s.length(); i += 7) {
      String piece = s.substring(i, Math.min(s.length(), i + 9));
      if (Character.isHighSurrogate(piece.charAt(piece.length() - 1))) {
        continue;
      }
      assertThat(CosRequestSigner.encode(piece)).as(piece).isEqualTo(UrlEncoderUtils.encode(piece));
    }
  }
}
