package io.jenkins.plugins.releasegate.coverage;

import hudson.Extension;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.listeners.RunListener;
import io.jenkins.plugins.releasegate.config.ReleaseGateConfiguration;
import io.jenkins.plugins.releasegate.core.coverage.BuildRecord;
import java.io.PrintStream;
import java.nio.file.Path;
import jenkins.model.Jenkins;

/**
 * Looks at every build as it completes: counts the exceptions its gate runs used, and marks a build that archived
 * artifacts without a gate verdict. With mandatory gating on, such a build also fails where Jenkins still lets its
 * result change: Pipeline builds, whose listeners run before the build ends. Freestyle and other builds that run
 * through {@code Run.execute} are past changing when listeners hear of them, so they keep the mark only; the gated
 * artifact manager refuses their archiving instead.
 */
@Extension
public final class GateRunListener extends RunListener<Run<?, ?>> {

    private static volatile ExceptionLedger ledger;

    /** The exception ledger of this Jenkins, kept in its home folder. */
    static ExceptionLedger ledger() {
        Path file = Jenkins.get().getRootDir().toPath().resolve(ExceptionLedger.FILE_NAME);
        ExceptionLedger known = ledger;
        if (known == null || !known.file().equals(file)) {
            synchronized (GateRunListener.class) {
                known = ledger;
                if (known == null || !known.file().equals(file)) {
                    known = new ExceptionLedger(file);
                    ledger = known;
                }
            }
        }
        return known;
    }

    @Override
    public void onCompleted(Run<?, ?> run, TaskListener listener) {
        BuildRecord record = BuildRecords.finishing(run);
        ledger().record(record);
        if (record.ungated()) {
            markUngated(
                    run, listener.getLogger(), ReleaseGateConfiguration.get().isMandatoryGating());
        }
    }

    /** Marks a build that archived artifacts without a verdict; with mandatory gating, fails it where it still can. */
    static void markUngated(Run<?, ?> run, PrintStream console, boolean mandatory) {
        run.addAction(new UngatedBadge());
        if (!mandatory) {
            console.println(Messages.GateRunListener_Ungated());
            return;
        }
        try {
            run.setResult(Result.FAILURE);
            console.println(Messages.GateRunListener_MandatoryFailed());
        } catch (IllegalStateException e) {
            console.println(Messages.GateRunListener_CannotFail());
        }
    }
}
