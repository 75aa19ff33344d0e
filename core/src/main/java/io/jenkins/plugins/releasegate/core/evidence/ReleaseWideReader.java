package io.jenkins.plugins.releasegate.core.evidence;

import io.jenkins.plugins.releasegate.core.verdict.CheckResult;

/** A verifier that can also read a file as release-wide evidence, which names artifacts by digest. */
public interface ReleaseWideReader {

    /** Reads and validates the file once, for every artifact of the run. Never throws. */
    Reading readReleaseWide(EvidenceFile evidence);

    /**
     * The outcome of reading a release-wide file: the evidence, or the failed check it ends in.
     *
     * @param evidence what was read, or {@code null} when the file could not be read or validated
     * @param failure why it could not be used, or {@code null}
     * @param unsupported the sentence saying why a valid file is not read as release-wide evidence, for a note, or
     *     {@code null}
     */
    record Reading(ReleaseWideEvidence evidence, CheckResult failure, String unsupported) {

        public static Reading read(ReleaseWideEvidence evidence) {
            return new Reading(evidence, null, null);
        }

        public static Reading failed(CheckResult failure) {
            return new Reading(null, failure, null);
        }

        public static Reading unsupported(String note) {
            return new Reading(null, null, note);
        }
    }
}
