package io.github.cosmigrate.internal.metadata;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Source storage classes (S3, OSS, COS) to COS storage classes. Names match case-insensitively, with {@code _},
 * {@code -} and spaces ignored ({@code ColdArchive} = {@code COLD_ARCHIVE}). A class maps to the COS class with
 * the same access model (readable at once, or only after a restore) and the same restore times:
 *
 * <table>
 * <caption>source storage class to COS</caption>
 * <tr><th>source</th><th>COS</th><th>why</th></tr>
 * <tr><td>COS names (STANDARD, STANDARD_IA, ARCHIVE, DEEP_ARCHIVE, INTELLIGENT_TIERING, MAZ_*)</td>
 *     <td>the same</td><td>COS to COS</td></tr>
 * <tr><td>S3 STANDARD, OSS Standard</td><td>STANDARD</td><td>same class</td></tr>
 * <tr><td>S3 REDUCED_REDUNDANCY, S3 EXPRESS_ONEZONE</td><td>STANDARD</td><td>hot data; COS has no
 *     reduced-redundancy or single-zone express class</td></tr>
 * <tr><td>S3 STANDARD_IA, S3 ONEZONE_IA, OSS IA</td><td>STANDARD_IA</td><td>infrequent access, read at once</td></tr>
 * <tr><td>S3 GLACIER_IR</td><td>STANDARD_IA</td><td>read at once (COS ARCHIVE would need a restore first)</td></tr>
 * <tr><td>S3 INTELLIGENT_TIERING</td><td>INTELLIGENT_TIERING</td><td>same class</td></tr>
 * <tr><td>S3 GLACIER, OSS Archive, OSS ColdArchive</td><td>ARCHIVE</td><td>restore in minutes to hours
 *     (expedited / standard / bulk: 1-5 min / 3-5 h / 5-12 h), as COS ARCHIVE</td></tr>
 * <tr><td>S3 DEEP_ARCHIVE, OSS DeepColdArchive</td><td>DEEP_ARCHIVE</td><td>restore in 12 to 48 hours</td></tr>
 * <tr><td>anything else (S3 OUTPOSTS, SNOW, ...)</td><td>dropped</td><td>no COS meaning: the sink's or the
 *     bucket's default applies</td></tr>
 * </table>
 */
final class StorageClassMap {
  private static final Map<String, String> TABLE = Map.ofEntries(
      // COS's own names (COS to COS)
      Map.entry("STANDARD", "STANDARD"),
      Map.entry("STANDARDIA", "STANDARD_IA"),
      Map.entry("ARCHIVE", "ARCHIVE"),
      Map.entry("DEEPARCHIVE", "DEEP_ARCHIVE"),
      Map.entry("INTELLIGENTTIERING", "INTELLIGENT_TIERING"),
      Map.entry("MAZSTANDARD", "MAZ_STANDARD"),
      Map.entry("MAZSTANDARDIA", "MAZ_STANDARD_IA"),
      Map.entry("MAZARCHIVE", "MAZ_ARCHIVE"),
      Map.entry("MAZDEEPARCHIVE", "MAZ_DEEP_ARCHIVE"),
      Map.entry("MAZINTELLIGENTTIERING", "MAZ_INTELLIGENT_TIERING"),
      // S3
      Map.entry("REDUCEDREDUNDANCY", "STANDARD"),
      Map.entry("EXPRESSONEZONE", "STANDARD"),
      Map.entry("ONEZONEIA", "STANDARD_IA"),
      Map.entry("GLACIERIR", "STANDARD_IA"),
      Map.entry("GLACIER", "ARCHIVE"),
      // OSS (Standard, Archive are above)
      Map.entry("IA", "STANDARD_IA"),
      Map.entry("COLDARCHIVE", "ARCHIVE"),
      Map.entry("DEEPCOLDARCHIVE", "DEEP_ARCHIVE"));

  private StorageClassMap() {}

  /** The COS storage class for a source's, or empty when it has no COS meaning. */
  static Optional<String> toCos(String sourceClass) {
    return Optional.ofNullable(TABLE.get(squash(sourceClass)));
  }

  /** True when {@code sourceClass} names {@code cosClass} up to case, {@code _}, {@code -} and spaces. */
  static boolean sameName(String sourceClass, String cosClass) {
    return squash(sourceClass).equals(squash(cosClass));
  }

  private static String squash(String name) {
    StringBuilder s = new StringBuilder(name.length());
    for (char c : name.toUpperCase(Locale.ROOT).toCharArray()) {
      if (c != '_' && c != '-' && c != ' ') {
        s.append(c);
      }
    }
    return s.toString();
  }
}
