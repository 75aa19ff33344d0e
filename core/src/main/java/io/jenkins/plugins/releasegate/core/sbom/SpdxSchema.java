package io.jenkins.plugins.releasegate.core.sbom;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import com.networknt.schema.resource.ResourceLoader;
import java.io.IOException;
import java.io.InputStream;

/**
 * The official SPDX 2.3 JSON schema, as SPDX's own tools-java ships it, compiled once per JVM and shared by every
 * verifier and thread. It is read from the class path only; nothing is fetched from the network or the file system.
 */
final class SpdxSchema {

    /** The schema's {@code $id}, which the copy in tools-java states. */
    private static final String SCHEMA_ID = "http://spdx.org/rdf/terms/2.3";

    private static final String RESOURCE = "resources/spdx-schema-v2.3.json";

    private static final Schema SCHEMA = load();

    private SpdxSchema() {}

    static Schema v2_3() {
        return SCHEMA;
    }

    private static Schema load() {
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_POINTER)
                .build();
        ResourceLoader bundledOnly = iri -> SCHEMA_ID.equals(iri.toString()) ? SpdxSchema::open : null;
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2019_09,
                builder -> builder.schemaRegistryConfig(config)
                        .schemaLoader(loader -> loader.fetchRemoteResources(false)
                                .resourceLoaders(loaders -> loaders.values(list -> {
                                    list.clear();
                                    list.add(bundledOnly);
                                }))));
        Schema schema = registry.getSchema(SchemaLocation.of(SCHEMA_ID));
        // Resolve every reference now, so that threads validating at once never race to load one.
        schema.initializeValidators();
        return schema;
    }

    private static InputStream open() throws IOException {
        InputStream in = SpdxSchema.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IOException(RESOURCE + " is missing from the class path, where org.spdx:tools-java puts it");
        }
        return in;
    }
}
