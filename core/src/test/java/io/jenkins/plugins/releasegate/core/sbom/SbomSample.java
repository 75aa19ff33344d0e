package io.jenkins.plugins.releasegate.core.sbom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small, schema-valid CycloneDX documents for tests, JSON or XML, with a described component whose name,
 * version and hashes the test chooses. Each lists three components: two at the top, one nested in the first.
 */
final class SbomSample {

    static final String SERIAL_NUMBER = "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79";
    static final int COMPONENTS = 3;

    private String specVersion = "1.6";
    private boolean describes = true;
    private String name = "app";
    private String version = "1.2.0";
    private final List<String[]> hashes = new ArrayList<>();

    SbomSample specVersion(String specVersion) {
        this.specVersion = specVersion;
        return this;
    }

    SbomSample describing(String name, String version) {
        this.name = name;
        this.version = version;
        return this;
    }

    SbomSample describingNothing() {
        this.describes = false;
        return this;
    }

    SbomSample hash(String algorithm, String hex) {
        hashes.add(new String[] {algorithm, hex});
        return this;
    }

    String json() {
        StringBuilder hashList = new StringBuilder();
        for (String[] hash : hashes) {
            hashList.append(hashList.length() == 0 ? "" : ", ")
                    .append("{\"alg\": \"")
                    .append(hash[0])
                    .append("\", \"content\": \"")
                    .append(hash[1])
                    .append("\"}");
        }
        String component = describes
                ? ",\n    \"component\": {\"type\": \"application\", \"name\": \"" + name + "\", \"version\": \""
                        + version + "\"" + (hashes.isEmpty() ? "" : ", \"hashes\": [" + hashList + "]") + "}"
                : "";
        return """
                {
                  "bomFormat": "CycloneDX",
                  "specVersion": "%s",
                  "serialNumber": "%s",
                  "version": 1,
                  "metadata": {
                    "timestamp": "2024-05-01T10:00:00Z"%s
                  },
                  "components": [
                    {"type": "library", "name": "lib-a", "version": "1.0",
                     "components": [{"type": "library", "name": "lib-a-inner", "version": "1.0"}]},
                    {"type": "library", "name": "lib-b", "version": "2.0"}
                  ]
                }
                """.formatted(specVersion, SERIAL_NUMBER, component);
    }

    String xml() {
        StringBuilder hashList = new StringBuilder();
        for (String[] hash : hashes) {
            hashList.append("<hash alg=\"")
                    .append(hash[0])
                    .append("\">")
                    .append(hash[1])
                    .append("</hash>");
        }
        String component = describes
                ? "<component type=\"application\"><name>" + name + "</name><version>" + version + "</version>"
                        + (hashes.isEmpty() ? "" : "<hashes>" + hashList + "</hashes>") + "</component>"
                : "";
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <bom xmlns="http://cyclonedx.org/schema/bom/%s" serialNumber="%s" version="1">
                  <metadata>
                    <timestamp>2024-05-01T10:00:00Z</timestamp>
                    %s
                  </metadata>
                  <components>
                    <component type="library">
                      <name>lib-a</name>
                      <version>1.0</version>
                      <components>
                        <component type="library"><name>lib-a-inner</name><version>1.0</version></component>
                      </components>
                    </component>
                    <component type="library"><name>lib-b</name><version>2.0</version></component>
                  </components>
                </bom>
                """.formatted(specVersion, SERIAL_NUMBER, component);
    }

    static Path write(Path file, String content) {
        try {
            return Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
