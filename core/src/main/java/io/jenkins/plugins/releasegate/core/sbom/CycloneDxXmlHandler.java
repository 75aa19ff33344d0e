package io.jenkins.plugins.releasegate.core.sbom;

import io.jenkins.plugins.releasegate.core.evidence.EvidenceRejection;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.validation.ValidatorHandler;
import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.ext.DefaultHandler2;

/**
 * Follows the SAX events of one CycloneDX XML document: refuses a DOCTYPE and any external entity, picks the schema
 * by the root element's namespace, forwards every event to that schema's validator, and keeps the few values that
 * binding and the report need. One instance reads one document on one thread.
 */
final class CycloneDxXmlHandler extends DefaultHandler2 {

    private static final String NAMESPACE_BASE = "http://cyclonedx.org/schema/bom/";
    private static final Pattern VERSION_TEXT = Pattern.compile("\\d+\\.\\d+");
    private static final int MESSAGES_SHOWN = 3;
    private static final int MAX_CAPTURED_CHARS = 4096;

    private final String name;
    private final List<String[]> prefixesBeforeRoot = new ArrayList<>();
    private final List<String> schemaProblems = new ArrayList<>();
    private final List<Frame> open = new ArrayList<>();
    private final List<StatedDigest> describedDigests = new ArrayList<>();
    private final Set<String> bomRefs = new HashSet<>();
    private final List<DescribedComponent> listed = new ArrayList<>();
    private final ArrayDeque<ListedComponent> listing = new ArrayDeque<>();

    private Locator locator;
    private ValidatorHandler validator;
    private CycloneDxVersion version;
    private int schemaProblemCount;
    private String serialNumber;
    private long componentCount;
    private boolean describes;
    private String describedName;
    private String describedVersion;
    private StringBuilder captured;
    private int capturedDepth;
    private String capturedAlgorithm;
    private ListedComponent capturedFor;

    CycloneDxXmlHandler(String name) {
        this.name = name;
    }

    /** What the document said, once it has been parsed to its end without a problem. */
    SbomDocument document() throws EvidenceRejection {
        if (schemaProblemCount > 0) {
            throw schemaInvalid();
        }
        DescribedComponent described =
                describes ? new DescribedComponent(describedName, describedVersion, describedDigests) : null;
        List<DescribedComponent> withHashes = new ArrayList<>();
        if (described != null && !describedDigests.isEmpty()) {
            withHashes.add(described);
        }
        withHashes.addAll(listed);
        return new SbomDocument(version, "XML", serialNumber, componentCount, described, withHashes);
    }

    @Override
    public void startDTD(String root, String publicId, String systemId) throws SAXException {
        throw new Rejected(new EvidenceRejection(
                Code.SBOM_UNSAFE_XML,
                name + " contains a DOCTYPE declaration, which no SBOM needs and which can make an XML parser read"
                        + " other files, so it was not processed and the SBOM check fails."));
    }

    @Override
    public InputSource resolveEntity(String entity, String publicId, String baseUri, String systemId)
            throws SAXException {
        throw new Rejected(new EvidenceRejection(
                Code.SBOM_UNSAFE_XML,
                name + " refers to the external resource " + DetailText.quoted(String.valueOf(systemId))
                        + ", which was not read, so the SBOM check fails."));
    }

    @Override
    public InputSource resolveEntity(String publicId, String systemId) throws SAXException {
        return resolveEntity(null, publicId, null, systemId);
    }

    @Override
    public void setDocumentLocator(Locator locator) {
        this.locator = locator;
    }

    @Override
    public void startPrefixMapping(String prefix, String uri) throws SAXException {
        if (validator == null) {
            prefixesBeforeRoot.add(new String[] {prefix, uri});
        } else {
            validator.startPrefixMapping(prefix, uri);
        }
    }

    @Override
    public void endPrefixMapping(String prefix) throws SAXException {
        if (validator != null) {
            validator.endPrefixMapping(prefix);
        }
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException {
        if (validator == null) {
            startRoot(uri, localName, qName, attributes);
        }
        if (open.size() >= CycloneDxVerifier.MAX_NESTING) {
            throw new Rejected(new EvidenceRejection(
                    Code.SBOM_MALFORMED,
                    name + " nests XML elements more than " + CycloneDxVerifier.MAX_NESTING + " levels deep (line "
                            + (locator == null ? -1 : locator.getLineNumber())
                            + "), which no SBOM needs, so it was not validated further and the SBOM check fails."));
        }
        validator.startElement(uri, localName, qName, attributes);
        requireUniqueBomRef(attributes);

        boolean cycloneDx = version.namespace().equals(uri);
        boolean listedComponent = cycloneDx && "component".equals(localName) && insideComponentList();
        if (listedComponent) {
            componentCount++;
        }
        open.add(new Frame(localName, cycloneDx, listedComponent));

        if (listedComponent) {
            listing.push(new ListedComponent(open.size()));
        } else if (cycloneDx && !listing.isEmpty()) {
            captureListed(localName, attributes);
        }
        if (at("bom", "metadata", "component")) {
            describes = true;
        } else if (at("bom", "metadata", "component", "name") || at("bom", "metadata", "component", "version")) {
            capture(null);
        } else if (at("bom", "metadata", "component", "hashes", "hash")) {
            capture(attributes.getValue("", "alg"));
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        validator.endElement(uri, localName, qName);
        if (captured != null && capturedDepth == open.size()) {
            keepCaptured(localName);
        }
        Frame closing = open.remove(open.size() - 1);
        if (closing.listedComponent()) {
            ListedComponent component = listing.pop();
            if (!component.digests.isEmpty()) {
                listed.add(new DescribedComponent(component.name, component.version, component.digests));
            }
        }
    }

    @Override
    public void characters(char[] text, int start, int length) throws SAXException {
        if (validator == null) {
            return;
        }
        validator.characters(text, start, length);
        if (captured != null) {
            captured.append(text, start, Math.min(length, MAX_CAPTURED_CHARS - captured.length()));
        }
    }

    @Override
    public void ignorableWhitespace(char[] text, int start, int length) throws SAXException {
        if (validator != null) {
            validator.ignorableWhitespace(text, start, length);
        }
    }

    @Override
    public void processingInstruction(String target, String data) throws SAXException {
        if (validator != null) {
            validator.processingInstruction(target, data);
        }
    }

    @Override
    public void endDocument() throws SAXException {
        if (validator != null) {
            validator.endDocument();
        }
    }

    @Override
    public void warning(SAXParseException e) {
        // The parser warns of nothing that makes a document unusable.
    }

    @Override
    public void error(SAXParseException e) throws SAXException {
        throw e;
    }

    private void startRoot(String uri, String localName, String qName, Attributes attributes) throws SAXException {
        if (!"bom".equals(localName) || !uri.startsWith(NAMESPACE_BASE)) {
            throw new Rejected(new EvidenceRejection(
                    Code.SBOM_UNKNOWN_FORMAT,
                    name + " has the root element " + DetailText.quoted(qName)
                            + (uri.isEmpty() ? " in no namespace" : " in namespace " + DetailText.quoted(uri))
                            + ", not a CycloneDX bom, so the SBOM check fails."));
        }
        String stated = uri.substring(NAMESPACE_BASE.length());
        version = CycloneDxVersion.of(stated).orElseThrow(() -> unsupported(uri, stated));
        serialNumber = attributes.getValue("", "serialNumber");

        validator = CycloneDxSchemas.xml(version).newValidatorHandler();
        validator.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        validator.setErrorHandler(new SchemaProblems());
        if (locator != null) {
            validator.setDocumentLocator(locator);
        }
        validator.startDocument();
        for (String[] mapping : prefixesBeforeRoot) {
            validator.startPrefixMapping(mapping[0], mapping[1]);
        }
    }

    private Rejected unsupported(String uri, String stated) {
        if (VERSION_TEXT.matcher(stated).matches()) {
            return new Rejected(new EvidenceRejection(
                    Code.SBOM_UNSUPPORTED_VERSION,
                    name + " is CycloneDX " + stated + " XML, but the gate validates CycloneDX "
                            + CycloneDxVersion.SUPPORTED + " only, so the SBOM check fails."));
        }
        return new Rejected(new EvidenceRejection(
                Code.SBOM_UNKNOWN_FORMAT,
                name + " has its root element in namespace " + DetailText.quoted(uri)
                        + ", which names no CycloneDX version, so the SBOM check fails."));
    }

    /**
     * Holds every element below the root to the schema's rule that a {@code bom-ref} is unique in the document, which
     * {@link CycloneDxSchemas} takes out of the compiled schema because the JDK checks it in quadratic time.
     */
    private void requireUniqueBomRef(Attributes attributes) {
        String bomRef = attributes.getValue("", "bom-ref");
        if (bomRef != null && !open.isEmpty() && !bomRefs.add(bomRef)) {
            recordSchemaProblem(
                    locator == null ? -1 : locator.getLineNumber(),
                    "bom-ref " + DetailText.quoted(bomRef) + " is given to more than one element, but must be unique");
        }
    }

    private void recordSchemaProblem(int line, String message) {
        schemaProblemCount++;
        if (schemaProblems.size() < MESSAGES_SHOWN) {
            schemaProblems.add("line " + line + ": " + DetailText.message(message));
        }
    }

    /** Whether a component element opening now is an entry of the BOM's component list or of a listed component's. */
    private boolean insideComponentList() {
        int size = open.size();
        if (size < 2) {
            return false;
        }
        Frame list = open.get(size - 1);
        Frame owner = open.get(size - 2);
        return list.cycloneDx() && "components".equals(list.localName()) && (size == 2 || owner.listedComponent());
    }

    private boolean at(String... path) {
        if (open.size() != path.length) {
            return false;
        }
        for (int i = 0; i < path.length; i++) {
            Frame frame = open.get(i);
            if (!frame.cycloneDx() || !frame.localName().equals(path[i])) {
                return false;
            }
        }
        return true;
    }

    /** Captures the name, version and hashes of the listed component whose element is open right above. */
    private void captureListed(String localName, Attributes attributes) {
        ListedComponent component = listing.peek();
        int below = open.size() - component.depth;
        if (below == 1 && ("name".equals(localName) || "version".equals(localName))) {
            capture(null);
            capturedFor = component;
        } else if (below == 2
                && "hash".equals(localName)
                && "hashes".equals(open.get(open.size() - 2).localName())) {
            capture(attributes.getValue("", "alg"));
            capturedFor = component;
        }
    }

    private void capture(String algorithm) {
        capturedFor = null;
        captured = new StringBuilder();
        capturedDepth = open.size();
        capturedAlgorithm = algorithm;
    }

    private void keepCaptured(String localName) {
        String text = captured.toString().strip();
        if (capturedFor != null) {
            capturedFor.keep(localName, capturedAlgorithm, text);
            captured = null;
            capturedFor = null;
            return;
        }
        switch (localName) {
            case "name" -> describedName = text;
            case "version" -> describedVersion = text;
            default -> describedDigests.add(new StatedDigest(capturedAlgorithm, text));
        }
        captured = null;
    }

    private EvidenceRejection schemaInvalid() {
        String more =
                schemaProblemCount > MESSAGES_SHOWN ? "; and " + (schemaProblemCount - MESSAGES_SHOWN) + " more" : "";
        return new EvidenceRejection(
                Code.SBOM_SCHEMA_INVALID,
                name + " does not follow the CycloneDX " + version.text() + " XML schema, so the SBOM check fails: "
                        + String.join("; ", schemaProblems) + more + ".");
    }

    /** A listed component being read: the depth of its element, and its name, version and hashes so far. */
    private static final class ListedComponent {
        private final int depth;
        private final List<StatedDigest> digests = new ArrayList<>();
        private String name;
        private String version;

        ListedComponent(int depth) {
            this.depth = depth;
        }

        void keep(String localName, String algorithm, String text) {
            switch (localName) {
                case "name" -> name = text;
                case "version" -> version = text;
                default -> digests.add(new StatedDigest(algorithm, text));
            }
        }
    }

    /** One open element: its local name, whether it is in the document's CycloneDX namespace, and if it is counted. */
    private record Frame(String localName, boolean cycloneDx, boolean listedComponent) {}

    /** Collects the validator's findings with their lines, so one report shows the first few at once. */
    private final class SchemaProblems implements ErrorHandler {
        @Override
        public void warning(SAXParseException e) {
            // Schema warnings do not make a document invalid.
        }

        @Override
        public void error(SAXParseException e) {
            recordSchemaProblem(e.getLineNumber(), e.getMessage());
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            error(e);
            throw new Rejected(schemaInvalid());
        }
    }

    /** Carries a rejection out of the parser, which lets only SAX exceptions through. */
    static final class Rejected extends SAXException {

        private static final long serialVersionUID = 1L;

        private final transient EvidenceRejection rejection;

        Rejected(EvidenceRejection rejection) {
            super(rejection.detail());
            this.rejection = rejection;
        }

        EvidenceRejection rejection() {
            return rejection;
        }
    }
}
