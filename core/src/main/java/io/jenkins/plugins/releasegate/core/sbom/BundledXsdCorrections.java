package io.jenkins.plugins.releasegate.core.sbom;

import java.util.Set;
import javax.xml.XMLConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Corrects the CycloneDX XML schemas that cyclonedx-core-java 12.2.0 bundles before they are compiled: two errata
 * that the specification has since published, and one constraint that the gate checks itself because the JDK's
 * validator checks it too slowly.
 */
final class BundledXsdCorrections {

    private static final String XSD_NAMESPACE = XMLConstants.W3C_XML_SCHEMA_NS_URI;

    /**
     * The bundled bom-1.5.xsd (1.5.0) and bom-1.6.xsd (1.6.1) allow one entry in each list of a model card's
     * considerations and no properties on a model card; the specification corrected both in 1.5.1 and 1.6.2, and its
     * own valid examples depend on that. The list element that holds each of these is named with a trailing "s".
     */
    private static final Set<String> UNBOUNDED_CONSIDERATIONS =
            Set.of("user", "useCase", "technicalLimitation", "performanceTradeoff");

    private BundledXsdCorrections() {}

    static void apply(Document xsd) {
        allowAnyNumberOfConsiderations(xsd);
        allowModelCardProperties(xsd);
        leaveBomRefUniquenessToTheReader(xsd);
    }

    /**
     * Removes the schema's constraint that every {@code bom-ref} attribute below {@code bom} is unique. On an SBOM of
     * 50,000 components the JDK's validator spends about 20 seconds on that one constraint and under two on all the
     * rest, so {@link CycloneDxXmlHandler} checks the same rule itself, with a hash set.
     */
    private static void leaveBomRefUniquenessToTheReader(Document xsd) {
        NodeList constraints = xsd.getElementsByTagNameNS(XSD_NAMESPACE, "unique");
        for (int i = constraints.getLength() - 1; i >= 0; i--) {
            Element unique = (Element) constraints.item(i);
            Element selector = child(unique, "selector");
            Element field = child(unique, "field");
            if (selector != null
                    && field != null
                    && ".//*".equals(selector.getAttribute("xpath"))
                    && "@bom-ref".equals(field.getAttribute("xpath"))) {
                unique.getParentNode().removeChild(unique);
            }
        }
    }

    private static void allowAnyNumberOfConsiderations(Document xsd) {
        NodeList elements = xsd.getElementsByTagNameNS(XSD_NAMESPACE, "element");
        for (int i = 0; i < elements.getLength(); i++) {
            Element element = (Element) elements.item(i);
            String name = element.getAttribute("name");
            if (UNBOUNDED_CONSIDERATIONS.contains(name)
                    && "1".equals(element.getAttribute("maxOccurs"))
                    && (name + "s").equals(enclosingElementName(element))) {
                element.setAttribute("maxOccurs", "unbounded");
            }
        }
    }

    private static void allowModelCardProperties(Document xsd) {
        NodeList types = xsd.getElementsByTagNameNS(XSD_NAMESPACE, "complexType");
        for (int i = 0; i < types.getLength(); i++) {
            Element type = (Element) types.item(i);
            Element sequence = "modelCardType".equals(type.getAttribute("name")) ? child(type, "sequence") : null;
            if (sequence != null && !hasElementNamed(sequence, "properties")) {
                Element properties = xsd.createElementNS(XSD_NAMESPACE, type.getPrefix() + ":element");
                properties.setAttribute("name", "properties");
                properties.setAttribute(
                        "type",
                        sequence.lookupPrefix(xsd.getDocumentElement().getAttribute("targetNamespace"))
                                + ":propertiesType");
                properties.setAttribute("minOccurs", "0");
                properties.setAttribute("maxOccurs", "1");
                sequence.appendChild(properties);
            }
        }
    }

    private static Element child(Element parent, String localName) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element
                    && XSD_NAMESPACE.equals(element.getNamespaceURI())
                    && localName.equals(element.getLocalName())) {
                return element;
            }
        }
        return null;
    }

    private static boolean hasElementNamed(Element sequence, String name) {
        for (Node node = sequence.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element
                    && "element".equals(element.getLocalName())
                    && name.equals(element.getAttribute("name"))) {
                return true;
            }
        }
        return false;
    }

    private static String enclosingElementName(Element element) {
        for (Node node = element.getParentNode(); node instanceof Element parent; ) {
            if (XSD_NAMESPACE.equals(parent.getNamespaceURI()) && "element".equals(parent.getLocalName())) {
                return parent.getAttribute("name");
            }
            node = parent.getParentNode();
        }
        return "";
    }
}
