package io.jenkins.plugins.releasegate.core.sbom;

/**
 * A hash an SBOM states for its component.
 *
 * @param algorithm the algorithm as the document names it, for example {@code SHA-256} or {@code BLAKE3}
 * @param value the hex value as written
 */
record StatedDigest(String algorithm, String value) {}
