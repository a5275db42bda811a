package io.github.cosmigrate.cli.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IniFileTest {

  @Test
  void readsSectionsKeysCommentsAndTheOriginalsEscapes() {
    IniFile f = IniFile.parse("\uFEFF# 配置迁移类型\r\n[migrateType]\r\ntype=migrateLocal\r\n\r\n[common]\n"
        + "; a comment\nsecretId = AKID x \nthreadTrafficLimit=\nlocalPath=E:\\\\code\\\\data\nurl=http://h/a?b=c\n"
        + "secretId=again\n");
    assertThat(f.problems()).isEmpty();
    assertThat(f.get("migrateType", "type")).hasValue("migrateLocal");
    assertThat(f.get("common", "secretId")).as("the last of a repeated key").hasValue("again");
    assertThat(f.get("common", "threadTrafficLimit")).hasValue("");
    assertThat(f.get("common", "localPath")).hasValue("E:\\code\\data");
    assertThat(f.get("common", "url")).as("only the first '=' separates").hasValue("http://h/a?b=c");
    assertThat(f.get("common", "missing")).isEmpty();
    assertThat(f.get("nosuch", "type")).isEmpty();
    assertThat(f.lines()).containsEntry("migrateType.type", 3);
  }

  @Test
  void listsLinesThatAreNotKeysOrSections() {
    IniFile f = IniFile.parse("orphan=1\n[common]\njust words\n[\n");
    assertThat(f.problems()).hasSize(3);
    assertThat(f.problems().get(0)).startsWith("line 1: key 'orphan' comes before any [section]");
    assertThat(f.problems().get(1)).startsWith("line 3:");
    assertThat(f.problems().get(2)).startsWith("line 4:");
  }

  @Test
  void overridesWinAndBlankValuesCountAsAbsent() {
    IniFile f = IniFile.parse("[common]\nbucketName=a-1250000000\nregion=\n");
    java.util.List<String> rest = new java.util.ArrayList<>();
    Problems p = new Problems();
    ConfigValues v = new ConfigValues(f, ConfigValues.overrides(java.util.List.of("-Dcommon.bucketName=b-1250000000",
        "--quiet", "-Dbroken"), rest, p));
    assertThat(v.get("common", "bucketName")).hasValue("b-1250000000");
    assertThat(v.where("common", "bucketName")).isEqualTo("-Dcommon.bucketName");
    assertThat(v.get("common", "region")).isEmpty();
    assertThat(v.where("common", "region")).isEqualTo("[common] region (line 3)");
    assertThat(rest).containsExactly("--quiet");
    assertThat(p.list()).singleElement().asString().startsWith("-Dbroken: an override is -Dsection.key=value");
  }

  @Test
  void systemPropertiesNamedAfterASectionAreOverridesToo() {
    java.util.Properties props = new java.util.Properties();
    props.setProperty("common.bucketName", "c-1250000000");
    props.setProperty("migrateUpyun.bucket", "u");
    props.setProperty("java.version", "17");
    props.setProperty("nosection", "x");
    assertThat(RunCommand.systemOverrides(props)).containsOnlyKeys("common.bucketName", "migrateUpyun.bucket");
  }
}
