package io.github.cosmigrate.internal.manifest;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line into its fields, as inventories write them: every field in double quotes
 * ({@code "a","b"}), a double quote inside a field doubled ({@code ""}). An unquoted field (up to the next comma)
 * is accepted too. A line is one record: a field cannot span lines.
 */
public final class CsvFields {
  private CsvFields() {}

  /**
   * The fields of {@code line}.
   *
   * @throws IllegalArgumentException with a reason when a quoted field is not closed or is followed by something
   *     other than a comma
   */
  public static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (true) {
      if (i < n && line.charAt(i) == '"') {
        StringBuilder f = new StringBuilder();
        int j = i + 1;
        while (true) {
          if (j >= n) {
            throw new IllegalArgumentException("field " + (fields.size() + 1) + " opens a quote that is not closed");
          }
          char c = line.charAt(j);
          if (c == '"') {
            if (j + 1 < n && line.charAt(j + 1) == '"') {
              f.append('"');
              j += 2;
              continue;
            }
            break;
          }
          f.append(c);
          j++;
        }
        fields.add(f.toString());
        i = j + 1;
        if (i < n && line.charAt(i) != ',') {
          throw new IllegalArgumentException("field " + fields.size() + " has text after its closing quote");
        }
      } else {
        int comma = line.indexOf(',', i);
        int end = comma < 0 ? n : comma;
        String f = line.substring(i, end);
        if (f.indexOf('"') >= 0) {
          throw new IllegalArgumentException("field " + (fields.size() + 1) + " has a quote inside an unquoted value");
        }
        fields.add(f);
        i = end;
      }
      if (i >= n) {
        return fields;
      }
      i++; // the comma
    }
  }
}
