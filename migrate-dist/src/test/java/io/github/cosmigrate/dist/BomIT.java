package io.github.cosmigrate.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * migrate-bom has no parent (so that importing it pins nothing but cos-migrate's modules); this checks by hand
 * what inheritance would give: its version is the project's, and it lists every published module (every module
 * of the root pom that does not set {@code maven.deploy.skip}) at that version, and nothing else.
 */
class BomIT {
  private static final Path ROOT = Path.of(System.getProperty("dist.repoRoot")).toAbsolutePath().normalize();

  @Test
  void listsEveryPublishedModuleAtTheProjectVersion() throws Exception {
    Document root = parse(ROOT.resolve("pom.xml"));
    Document bom = parse(ROOT.resolve("migrate-bom/pom.xml"));
    String version = child(root.getDocumentElement(), "version").getTextContent().strip();
    assertThat(child(bom.getDocumentElement(), "version").getTextContent().strip())
        .as("migrate-bom's version must be the parent's").isEqualTo(version)
        .isEqualTo(System.getProperty("dist.version"));

    TreeSet<String> published = new TreeSet<>();
    for (Element module : elements(child(root.getDocumentElement(), "modules"), "module")) {
      String name = module.getTextContent().strip();
      Document pom = parse(ROOT.resolve(name).resolve("pom.xml"));
      boolean skipped = pom.getElementsByTagName("maven.deploy.skip").getLength() > 0
          && pom.getElementsByTagName("maven.deploy.skip").item(0).getTextContent().strip().equals("true");
      if (!skipped && !name.equals("migrate-bom")) {
        published.add(child(pom.getDocumentElement(), "artifactId").getTextContent().strip());
      }
    }

    TreeSet<String> listed = new TreeSet<>();
    Element managed = child(child(bom.getDocumentElement(), "dependencyManagement"), "dependencies");
    for (Element dep : elements(managed, "dependency")) {
      assertThat(child(dep, "groupId").getTextContent()).isEqualTo("io.github.cosmigrate");
      assertThat(child(dep, "version").getTextContent()).isEqualTo("${project.version}");
      listed.add(child(dep, "artifactId").getTextContent().strip());
    }
    assertThat(listed).as("artifacts in migrate-bom/pom.xml vs modules of pom.xml without maven.deploy.skip")
        .isEqualTo(published);
  }

  private static Document parse(Path pom) throws Exception {
    assertThat(pom).isRegularFile();
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Files.newInputStream(pom));
  }

  private static Element child(Element parent, String name) {
    List<Element> found = elements(parent, name);
    assertThat(found).as("<%s> in <%s>", name, parent.getTagName()).hasSize(1);
    return found.get(0);
  }

  private static List<Element> elements(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE && nodes.item(i).getNodeName().equals(name)) {
        out.add((Element) nodes.item(i));
      }
    }
    return out;
  }
}
