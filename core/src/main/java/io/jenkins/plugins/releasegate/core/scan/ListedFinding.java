package io.jenkins.plugins.releasegate.core.scan;

/**
 * What a report shows of a finding of Trivy, Grype or Dependency-Check, whose texts are at hand when it is read.
 *
 * @param severitySource how the severity was got, for example {@code Trivy severity HIGH}
 * @param message what the scanner says of it, or {@code null}
 * @param location where the scanner found it, or {@code null}
 */
record ListedFinding(String severitySource, String message, String location) implements FindingTally.FindingDetails {}
