package io.github.cosmigrate.api;

import io.github.cosmigrate.model.MultipartUpload;
import io.github.cosmigrate.model.UploadCheckpoint;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.Sink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Multipart uploads left at the sink that no checkpoint in the ledger refers to ("orphans": from a tool that
 * crashed without a ledger, another job, or a ledger that was deleted). Uploads with a checkpoint are not
 * orphans: a rerun resumes them, or aborts them when their source changed or vanished.
 *
 * <p>Do not run {@link #abortOrphans} while a migration into the same prefix is running in another process with
 * a different ledger: its uploads would look like orphans.
 */
public final class Uploads {
  private Uploads() {}

  /** Uploads at the sink under {@code prefix} whose upload id is in no checkpoint of {@code ledger}. */
  public static List<MultipartUpload> listOrphans(Sink sink, Ledger ledger, String prefix) throws IOException {
    Set<String> known = new HashSet<>();
    for (UploadCheckpoint cp : ledger.checkpoints()) {
      known.add(Sink.serviceUploadId(cp.uploadId()));
    }
    List<MultipartUpload> out = new ArrayList<>();
    for (MultipartUpload u : sink.listMultipartUploads(prefix)) {
      if (!known.contains(u.uploadId())) {
        out.add(u);
      }
    }
    return out;
  }

  /** Aborts every orphan under {@code prefix}; returns the uploads aborted. */
  public static List<MultipartUpload> abortOrphans(Sink sink, Ledger ledger, String prefix) throws IOException {
    List<MultipartUpload> orphans = listOrphans(sink, ledger, prefix);
    for (MultipartUpload u : orphans) {
      sink.abortMultipart(u.key(), u.uploadId());
    }
    return orphans;
  }
}
