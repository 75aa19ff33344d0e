package io.jenkins.plugins.releasegate.core.sbom;

import java.util.List;

/**
 * What the gate learnt from one schema-valid SPDX 2.3 JSON document: enough to bind it to an artifact and to report
 * it.
 *
 * @param namespace its {@code documentNamespace}
 * @param packageCount how many packages it lists
 * @param described the packages and files it describes, through {@code documentDescribes} or a {@code DESCRIBES}
 *     relationship of the document, in document order, each once
 * @param unresolved the ids it describes that name no package or file of the document, for example an element of
 *     another document ({@code DocumentRef-other:SPDXRef-app})
 * @param listed every package and file that states a checksum, which a release-wide SBOM binds to artifacts by
 */
record SpdxDocument(
        String namespace,
        long packageCount,
        List<Element> described,
        List<String> unresolved,
        List<DescribedComponent> listed) {

    static final String FORMAT = "SPDX 2.3 JSON";

    SpdxDocument {
        described = List.copyOf(described);
        unresolved = List.copyOf(unresolved);
        listed = List.copyOf(listed);
    }

    /**
     * A described package or file.
     *
     * @param spdxId its {@code SPDXID}
     * @param kind {@code package} or {@code file}
     * @param component its name, version and {@code checksums}
     * @param fileName a package's {@code packageFileName} or a file's {@code fileName}, or {@code null}
     */
    record Element(String spdxId, String kind, DescribedComponent component, String fileName) {

        /** The element as a sentence shows it, for example {@code package "app" 1.2.0}. */
        String label() {
            return kind + " " + component.label();
        }
    }
}
