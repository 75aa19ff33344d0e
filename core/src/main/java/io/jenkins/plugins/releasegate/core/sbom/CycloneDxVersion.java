package io.jenkins.plugins.releasegate.core.sbom;

import java.util.Optional;

/**
 * The CycloneDX specification versions the gate validates. Each needs its schema on the class path; cyclonedx-core-java
 * 12.2.0 bundles the schemas up to 1.6, so 1.7 is not among them.
 */
enum CycloneDxVersion {
    V1_4("1.4"),
    V1_5("1.5"),
    V1_6("1.6");

    /** The supported versions as a report sentence names them. */
    static final String SUPPORTED = "1.4, 1.5 and 1.6";

    private static final String SCHEMA_BASE = "http://cyclonedx.org/schema/";

    private final String text;

    CycloneDxVersion(String text) {
        this.text = text;
    }

    /** The version as documents state it, for example {@code 1.6}. */
    String text() {
        return text;
    }

    /** The XML namespace of a document's {@code bom} root element. */
    String namespace() {
        return SCHEMA_BASE + "bom/" + text;
    }

    /** The {@code $id} of the version's JSON schema, which its references are resolved against. */
    String jsonSchemaId() {
        return SCHEMA_BASE + "bom-" + text + ".schema.json";
    }

    String jsonSchemaResource() {
        return "bom-" + text + ".schema.json";
    }

    String xsdResource() {
        return "bom-" + text + ".xsd";
    }

    static Optional<CycloneDxVersion> of(String text) {
        for (CycloneDxVersion version : values()) {
            if (version.text.equals(text)) {
                return Optional.of(version);
            }
        }
        return Optional.empty();
    }
}
