package io.jenkins.plugins.releasegate.core.evidence;

/**
 * What a verifier knows of the artifact while it reads evidence; the artifact's bytes come later, as digests.
 *
 * @param path the artifact as reports name it
 * @param fileName its file name, which name binding compares with
 * @param findingWaivers the policy exceptions that may waive single findings for this artifact
 */
public record ArtifactContext(String path, String fileName, FindingWaivers findingWaivers) {}
