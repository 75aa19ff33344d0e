package io.jenkins.plugins.releasegate.core.sbom;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceRejection;
import io.jenkins.plugins.releasegate.core.sbom.SpdxDocument.Element;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an SPDX 2.3 JSON document: parses it once into a tree, refusing duplicate keys, checks its version, validates
 * the tree against the official schema, and finds the packages and files it describes.
 */
final class SpdxJsonReader {

    static final String SUPPORTED_VERSION = "SPDX-2.3";

    private static final int MESSAGES_SHOWN = 3;

    // A key given twice would let two readers of one SBOM see different packages, so it is an error.
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(CycloneDxVerifier.MAX_NESTING)
                            .build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    SpdxDocument read(InputStream in, String name) throws EvidenceRejection, IOException {
        JsonNode root = parse(in, name);
        if (!root.isObject()) {
            throw new EvidenceRejection(
                    Code.SBOM_UNKNOWN_FORMAT,
                    name + " holds a JSON " + root.getNodeType().name().toLowerCase(Locale.ROOT)
                            + " rather than an object, so it is no SPDX document and the SBOM check fails.");
        }
        requireVersion(root, name);
        validate(root, name);

        Map<String, Element> elements = elements(root);
        List<Element> described = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        for (String id : describedIds(root)) {
            Element element = elements.get(id);
            if (element != null) {
                described.add(element);
            } else {
                unresolved.add(id);
            }
        }
        List<DescribedComponent> listed = new ArrayList<>();
        for (String kind : List.of("packages", "files")) {
            for (JsonNode element : root.path(kind)) {
                if (!element.path("checksums").isEmpty()) {
                    listed.add(component(element));
                }
            }
        }
        return new SpdxDocument(
                root.path("documentNamespace").asText(), root.path("packages").size(), described, unresolved, listed);
    }

    private static JsonNode parse(InputStream in, String name) throws EvidenceRejection, IOException {
        try {
            JsonNode root = MAPPER.readTree(in);
            if (root == null || root.isMissingNode()) {
                throw new EvidenceRejection(Code.SBOM_MALFORMED, name + " is empty, so the SBOM check fails.");
            }
            return root;
        } catch (StreamConstraintsException e) {
            throw new EvidenceRejection(
                    Code.SBOM_MALFORMED,
                    name + " goes beyond what the gate reads of a JSON document ("
                            + DetailText.message(e.getOriginalMessage()) + "), so it was not validated and the SBOM"
                            + " check fails.");
        } catch (JsonProcessingException e) {
            throw new EvidenceRejection(
                    Code.SBOM_MALFORMED,
                    name + " is not valid JSON (" + where(e.getLocation()) + ": "
                            + DetailText.message(e.getOriginalMessage()) + "), so the SBOM check fails.");
        }
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "position unknown";
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static void requireVersion(JsonNode root, String name) throws EvidenceRejection {
        JsonNode version = root.get("spdxVersion");
        if (version == null) {
            if (root.has("@context") || root.has("@graph")) {
                throw new EvidenceRejection(
                        Code.SBOM_UNSUPPORTED_VERSION,
                        name + " is JSON-LD, as SPDX 3 is written, and the gate validates SPDX 2.3 JSON only, so the"
                                + " SBOM check fails.");
            }
            throw new EvidenceRejection(
                    Code.SBOM_UNKNOWN_FORMAT,
                    name + " states no spdxVersion, so it is not read as an SPDX document and the SBOM check fails.");
        }
        if (!version.isTextual()) {
            throw new EvidenceRejection(
                    Code.SBOM_SCHEMA_INVALID,
                    name + " states spdxVersion as " + DetailText.message(version.toString())
                            + ", but SPDX requires it as text such as \"SPDX-2.3\", so the SBOM check fails.");
        }
        if (!SUPPORTED_VERSION.equals(version.textValue())) {
            throw new EvidenceRejection(
                    Code.SBOM_UNSUPPORTED_VERSION,
                    name + " states spdxVersion " + DetailText.quoted(version.textValue())
                            + ", but the gate validates SPDX 2.3 JSON only, so the SBOM check fails.");
        }
    }

    private static void validate(JsonNode root, String name) throws EvidenceRejection {
        List<Error> errors = SpdxSchema.v2_3().validate(withoutSchemaReference(root, name));
        if (errors.isEmpty()) {
            return;
        }
        List<String> shown = new ArrayList<>();
        for (Error error : errors.subList(0, Math.min(MESSAGES_SHOWN, errors.size()))) {
            String pointer = String.valueOf(error.getInstanceLocation());
            shown.add((pointer.isEmpty() ? "/" : pointer) + ": " + DetailText.message(error.getMessage()));
        }
        String more = errors.size() > MESSAGES_SHOWN ? "; and " + (errors.size() - MESSAGES_SHOWN) + " more" : "";
        throw new EvidenceRejection(
                Code.SBOM_SCHEMA_INVALID,
                name + " does not follow the SPDX 2.3 JSON schema, so the SBOM check fails: " + String.join("; ", shown)
                        + more + ".");
    }

    /**
     * The document as the bundled schema should see it. The SPDX 2.3.1 revision of the schema allows a top-level
     * {@code $schema} text that names the schema, while the copy in tools-java predates that and refuses any key it
     * does not list; so a {@code $schema} text is checked here and left out of validation.
     */
    private static JsonNode withoutSchemaReference(JsonNode root, String name) throws EvidenceRejection {
        JsonNode reference = root.get("$schema");
        if (reference == null) {
            return root;
        }
        if (!reference.isTextual()) {
            throw new EvidenceRejection(
                    Code.SBOM_SCHEMA_INVALID,
                    name + " states $schema as " + DetailText.message(reference.toString())
                            + ", but SPDX 2.3 allows only text there, so the SBOM check fails.");
        }
        ObjectNode copy = ((ObjectNode) root).deepCopy();
        copy.remove("$schema");
        return copy;
    }

    /** The ids the document describes, in order, each once: documentDescribes first, then its relationships. */
    private static Set<String> describedIds(JsonNode root) {
        String document = root.path("SPDXID").asText();
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode id : root.path("documentDescribes")) {
            ids.add(id.asText());
        }
        for (JsonNode relationship : root.path("relationships")) {
            String type = relationship.path("relationshipType").asText();
            String from = relationship.path("spdxElementId").asText();
            String to = relationship.path("relatedSpdxElement").asText();
            if (type.equals("DESCRIBES") && from.equals(document)) {
                ids.add(to);
            } else if (type.equals("DESCRIBED_BY") && to.equals(document)) {
                ids.add(from);
            }
        }
        return ids;
    }

    /** Every package and file of the document by its SPDXID; the first wins where one is given twice. */
    private static Map<String, Element> elements(JsonNode root) {
        Map<String, Element> elements = new HashMap<>();
        for (JsonNode spdxPackage : root.path("packages")) {
            String fileName = text(spdxPackage.get("packageFileName"));
            elements.putIfAbsent(
                    spdxPackage.path("SPDXID").asText(),
                    new Element(
                            spdxPackage.path("SPDXID").asText(),
                            "package",
                            new DescribedComponent(
                                    text(spdxPackage.get("name")),
                                    text(spdxPackage.get("versionInfo")),
                                    checksums(spdxPackage)),
                            fileName));
        }
        for (JsonNode file : root.path("files")) {
            String fileName = text(file.get("fileName"));
            elements.putIfAbsent(
                    file.path("SPDXID").asText(),
                    new Element(
                            file.path("SPDXID").asText(),
                            "file",
                            new DescribedComponent(fileName, null, checksums(file)),
                            fileName));
        }
        return elements;
    }

    /** A package or file as a component: its name (a file's name), its version and its checksums. */
    private static DescribedComponent component(JsonNode element) {
        String name = element.has("fileName") ? text(element.get("fileName")) : text(element.get("name"));
        return new DescribedComponent(name, text(element.get("versionInfo")), checksums(element));
    }

    private static List<StatedDigest> checksums(JsonNode element) {
        List<StatedDigest> digests = new ArrayList<>();
        for (JsonNode checksum : element.path("checksums")) {
            digests.add(new StatedDigest(text(checksum.get("algorithm")), text(checksum.get("checksumValue"))));
        }
        return digests;
    }

    private static String text(JsonNode node) {
        return node == null || !node.isTextual() ? null : node.textValue();
    }
}
