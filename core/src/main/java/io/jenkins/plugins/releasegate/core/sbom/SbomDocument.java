package io.jenkins.plugins.releasegate.core.sbom;

import java.util.List;
import java.util.Optional;

/**
 * What the gate learnt from one schema-valid CycloneDX document: enough to bind it to an artifact and to report it.
 *
 * @param version the specification version it follows
 * @param encoding {@code JSON} or {@code XML}
 * @param serialNumber its {@code serialNumber}, or {@code null} when it states none
 * @param componentCount how many components it lists, nested ones included
 * @param described its {@code metadata.component}, or {@code null} when it describes none
 * @param listed every component that states a hash, {@code metadata.component} and nested ones included, which a
 *     release-wide SBOM binds to artifacts by; empty where the reader does not collect them (XML)
 */
record SbomDocument(
        CycloneDxVersion version,
        String encoding,
        String serialNumber,
        long componentCount,
        DescribedComponent described,
        List<DescribedComponent> listed) {

    SbomDocument {
        listed = List.copyOf(listed);
    }

    /** The format as reports name it, for example {@code CycloneDX 1.6 JSON}. */
    String format() {
        return "CycloneDX " + version.text() + " " + encoding;
    }

    Optional<DescribedComponent> describedComponent() {
        return Optional.ofNullable(described);
    }
}
