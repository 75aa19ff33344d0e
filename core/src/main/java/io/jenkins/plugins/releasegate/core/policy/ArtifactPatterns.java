package io.jenkins.plugins.releasegate.core.policy;

import java.util.List;

/** Which files of a folder given to the gate are artifacts. */
public record ArtifactPatterns(List<String> include, List<String> exclude) {

    public static final List<String> DEFAULT_INCLUDE = List.of("**/*.jar", "**/*.war", "**/*.zip", "**/*.tar.gz");

    public ArtifactPatterns {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    public static ArtifactPatterns defaults() {
        return new ArtifactPatterns(DEFAULT_INCLUDE, List.of());
    }
}
