package io.github.cosmigrate.source.local.internal;

import java.util.Optional;

/**
 * Reads one top-level string member of a one-line JSON object (the engine's failures file, JSONL), without a JSON
 * library. Strict about syntax: malformed input is an {@link IllegalArgumentException} naming the position.
 */
public final class MiniJson {
  private final String s;
  private int i;

  private MiniJson(String s) {
    this.s = s;
  }

  /** The string value of top-level member {@code name}, empty when absent or not a string. */
  public static Optional<String> stringMember(String json, String name) {
    return new MiniJson(json).objectMember(name);
  }

  private Optional<String> objectMember(String name) {
    ws();
    expect('{');
    String found = null;
    ws();
    if (peek() == '}') {
      i++;
    } else {
      while (true) {
        ws();
        String member = string();
        ws();
        expect(':');
        ws();
        if (member.equals(name) && peek() == '"') {
          found = string();
        } else {
          skipValue();
        }
        ws();
        char c = next();
        if (c == '}') {
          break;
        }
        if (c != ',') {
          throw error("expected ',' or '}'");
        }
      }
    }
    ws();
    if (i != s.length()) {
      throw error("unexpected text after the object");
    }
    return Optional.ofNullable(found);
  }

  private void skipValue() {
    char c = peek();
    switch (c) {
      case '"' -> string();
      case '{' -> skipNested('{', '}');
      case '[' -> skipNested('[', ']');
      default -> {
        int start = i;
        while (i < s.length() && ",}] \t".indexOf(s.charAt(i)) < 0) {
          i++;
        }
        if (i == start) {
          throw error("expected a value");
        }
      }
    }
  }

  private void skipNested(char open, char close) {
    expect(open);
    int depth = 1;
    while (depth > 0) {
      char c = peek();
      if (c == '"') {
        string();
        continue;
      }
      i++;
      if (c == open) {
        depth++;
      } else if (c == close) {
        depth--;
      }
    }
  }

  private String string() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return b.toString();
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          if (i + 4 > s.length()) {
            throw error("truncated \\u escape");
          }
          try {
            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("bad \\u escape");
          }
          i += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private void ws() {
    while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
  }

  private char peek() {
    if (i >= s.length()) {
      throw error("unexpected end");
    }
    return s.charAt(i);
  }

  private char next() {
    char c = peek();
    i++;
    return c;
  }

  private void expect(char c) {
    if (next() != c) {
      i--;
      throw error("expected '" + c + "'");
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at column " + (i + 1));
  }
}
