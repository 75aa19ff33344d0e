package io.jenkins.plugins.releasegate.core.sbom;

import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import com.networknt.schema.resource.InputStreamSource;
import com.networknt.schema.resource.ResourceLoader;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.cyclonedx.CycloneDxSchema;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The CycloneDX schemas that cyclonedx-core-java bundles, compiled once per JVM and shared by every verifier and
 * thread. Schemas come from the class path only; nothing is fetched from the network or the file system.
 */
final class CycloneDxSchemas {

    private static final String SCHEMA_BASE = "http://cyclonedx.org/schema/";
    private static final Map<String, String> BUNDLED_JSON_SCHEMAS = bundledJsonSchemas();

    private static final ConcurrentMap<CycloneDxVersion, com.networknt.schema.Schema> JSON_SCHEMAS =
            new ConcurrentHashMap<>();
    private static final ConcurrentMap<CycloneDxVersion, Schema> XML_SCHEMAS = new ConcurrentHashMap<>();

    private static final SchemaRegistry JSON_REGISTRY = jsonRegistry();

    private CycloneDxSchemas() {}

    /** The JSON schema of a version, with the {@code date-time}, {@code uri} and other formats asserted. */
    static com.networknt.schema.Schema json(CycloneDxVersion version) {
        return JSON_SCHEMAS.computeIfAbsent(version, CycloneDxSchemas::loadJson);
    }

    /** The XML schema of a version, compiled by a factory that may read no external resource. */
    static Schema xml(CycloneDxVersion version) {
        return XML_SCHEMAS.computeIfAbsent(version, CycloneDxSchemas::loadXml);
    }

    private static SchemaRegistry jsonRegistry() {
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_POINTER)
                .preloadSchema(true)
                .build();
        ResourceLoader bundledOnly = iri -> bundledJsonResource(iri.toString());
        return SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_7,
                registry -> registry.schemaRegistryConfig(config)
                        .schemaLoader(loader -> loader.fetchRemoteResources(false)
                                .resourceLoaders(loaders -> loaders.values(list -> {
                                    list.clear();
                                    list.add(bundledOnly);
                                }))));
    }

    /** The ids the CycloneDX JSON schemas have and refer to, with the copies bundled in cyclonedx-core-java. */
    private static Map<String, String> bundledJsonSchemas() {
        Map<String, String> bundled = new HashMap<>();
        bundled.put(SCHEMA_BASE + "spdx.schema.json", "spdx.schema.json");
        bundled.put(SCHEMA_BASE + "jsf-0.82.schema.json", "jsf-0.82.schema.json");
        for (CycloneDxVersion version : CycloneDxVersion.values()) {
            bundled.put(version.jsonSchemaId(), version.jsonSchemaResource());
        }
        return Map.copyOf(bundled);
    }

    private static InputStreamSource bundledJsonResource(String id) {
        String resource = BUNDLED_JSON_SCHEMAS.get(id);
        return resource == null ? null : () -> open(resource);
    }

    private static com.networknt.schema.Schema loadJson(CycloneDxVersion version) {
        com.networknt.schema.Schema schema = JSON_REGISTRY.getSchema(SchemaLocation.of(version.jsonSchemaId()));
        // Resolve every reference now, so that threads validating at once never race to load one.
        schema.initializeValidators();
        return schema;
    }

    private static Schema loadXml(CycloneDxVersion version) {
        try {
            SchemaFactory factory = SchemaFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setErrorHandler(new SchemaProblemsFail());
            // The SPDX schema comes first, so the bom schema's import of its namespace needs nothing fetched.
            Source spdx = new DOMSource(readXsd("spdx.xsd"), "classpath:spdx.xsd");
            Document bom = readXsd(version.xsdResource());
            BundledXsdCorrections.apply(bom);
            return factory.newSchema(new Source[] {spdx, new DOMSource(bom, "classpath:" + version.xsdResource())});
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new IllegalStateException(
                    "The CycloneDX " + version.text() + " XML schema bundled with cyclonedx-core-java could not be"
                            + " loaded: " + e.getMessage(),
                    e);
        }
    }

    private static Document readXsd(String resource) throws IOException, SAXException, ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        DocumentBuilder builder = factory.newDocumentBuilder();
        try (InputStream in = open(resource)) {
            return builder.parse(in);
        }
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = CycloneDxSchema.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException(resource + " is missing from the class path, where cyclonedx-core-java puts it");
        }
        return in;
    }

    /** Fails schema compilation on any problem, warnings included, so a schema is never silently incomplete. */
    private static final class SchemaProblemsFail extends DefaultHandler {
        @Override
        public void warning(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }
    }
}
