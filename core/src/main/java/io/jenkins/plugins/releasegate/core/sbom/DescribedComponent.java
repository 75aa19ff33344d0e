package io.jenkins.plugins.releasegate.core.sbom;

import java.util.List;

/**
 * The component an SBOM says it describes, CycloneDX {@code metadata.component}.
 *
 * @param name its name, possibly empty
 * @param version its version, or {@code null}
 * @param digests the hashes it states, in document order
 */
record DescribedComponent(String name, String version, List<StatedDigest> digests) {

    DescribedComponent {
        name = name == null ? "" : name;
        digests = List.copyOf(digests);
    }

    /** The name and version as a sentence shows them, for example {@code "app" 1.2.0}. */
    String label() {
        return DetailText.quoted(name)
                + (version == null || version.isEmpty() ? "" : " " + DetailText.message(version));
    }
}
