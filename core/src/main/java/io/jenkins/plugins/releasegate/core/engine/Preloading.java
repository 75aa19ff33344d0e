package io.jenkins.plugins.releasegate.core.engine;

import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.policy.SbomFormat;
import io.jenkins.plugins.releasegate.core.policy.SignatureFormat;
import io.jenkins.plugins.releasegate.core.sbom.CycloneDxVerifier;
import io.jenkins.plugins.releasegate.core.signature.CmsSignatureVerifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the costly shared state of the formats a policy accepts in background threads while the gate loads its trust
 * anchors and finds the artifacts. On a short run most of the time would otherwise go to the first worker building
 * that state while the other workers wait for it; this changes when the work happens, never what is checked.
 */
final class Preloading {

    private Preloading() {}

    /** Starts one daemon thread per costly piece of state the policy may need, and returns at once. */
    static void start(Policy policy) {
        List<Runnable> tasks = new ArrayList<>();
        if (policy.signature().formats().contains(SignatureFormat.CMS)) {
            tasks.add(CmsSignatureVerifier::preload);
        }
        if (policy.sbom().formats().contains(SbomFormat.CYCLONEDX)) {
            tasks.add(CycloneDxVerifier::preload);
        }
        for (Runnable task : tasks) {
            Thread thread = new Thread(() -> quietly(task), "release-gate-preload");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private static void quietly(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | LinkageError | VirtualMachineError e) {
            // The first check that needs this state builds it again and reports the failure with its own code. An
            // error such as running out of memory, left to the thread's default handler, would print a stack trace.
        }
    }
}
