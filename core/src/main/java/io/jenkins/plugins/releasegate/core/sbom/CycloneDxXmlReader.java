package io.jenkins.plugins.releasegate.core.sbom;

import io.jenkins.plugins.releasegate.core.evidence.EvidenceRejection;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.io.IOException;
import java.io.InputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * Reads a CycloneDX XML document in one streaming pass: the parser's events go to the schema validator and to the
 * extraction of what binding needs at once, so the document is neither held in memory nor read twice.
 */
final class CycloneDxXmlReader {

    private static final String LEXICAL_HANDLER = "http://xml.org/sax/properties/lexical-handler";

    SbomDocument read(InputStream in, String name) throws EvidenceRejection, IOException {
        CycloneDxXmlHandler handler = new CycloneDxXmlHandler(name);
        try {
            XMLReader reader = hardenedReader();
            reader.setContentHandler(handler);
            reader.setErrorHandler(handler);
            reader.setEntityResolver(handler);
            reader.setProperty(LEXICAL_HANDLER, handler);
            reader.parse(new InputSource(in));
        } catch (CycloneDxXmlHandler.Rejected e) {
            throw e.rejection();
        } catch (SAXParseException e) {
            throw new EvidenceRejection(
                    Code.SBOM_MALFORMED,
                    name + " is not well-formed XML (line " + e.getLineNumber() + ", column " + e.getColumnNumber()
                            + ": " + DetailText.message(e.getMessage()) + "), so the SBOM check fails.");
        } catch (SAXException e) {
            throw new EvidenceRejection(
                    Code.SBOM_MALFORMED,
                    name + " could not be parsed as XML (" + DetailText.message(e.getMessage())
                            + "), so the SBOM check fails.");
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The Java runtime's XML parser refuses a hardening setting", e);
        }
        return handler.document();
    }

    /**
     * A namespace-aware SAX reader of the JDK's own parser that loads no external DTD, entity or schema. A DOCTYPE is
     * refused by the handler's {@code startDTD}, before anything in it is read.
     */
    private static XMLReader hardenedReader() throws ParserConfigurationException, SAXException {
        SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        SAXParser parser = factory.newSAXParser();
        parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return parser.getXMLReader();
    }
}
