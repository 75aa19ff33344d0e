package io.jenkins.plugins.releasegate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The repository's example release (examples/: one artifact that passes, one that fails, signed by the example CA,
 * with SBOMs and scans) as the plugin's tests use it: copied into a workspace, with its policy as text.
 */
public final class ExampleRelease {

    /** The examples folder, seen from the plugin module. */
    public static final Path EXAMPLES = Path.of("..", "examples");

    private ExampleRelease() {}

    /** Copies {@code release/} and {@code trust/} into the workspace, as a build would have them. */
    public static void copyInto(Path workspace) throws IOException {
        for (String folder : new String[] {"release", "trust"}) {
            try (Stream<Path> files = Files.list(EXAMPLES.resolve(folder))) {
                for (Path file : files.toList()) {
                    Path copy =
                            workspace.resolve(folder).resolve(file.getFileName().toString());
                    Files.createDirectories(copy.getParent());
                    Files.copy(file, copy);
                }
            }
        }
    }

    /** The example policy's text; its trust anchor is {@code trust/example-ca.pem}, relative to the workspace. */
    public static String policy() throws IOException {
        return Files.readString(EXAMPLES.resolve("policy.yaml"), StandardCharsets.UTF_8);
    }
}
