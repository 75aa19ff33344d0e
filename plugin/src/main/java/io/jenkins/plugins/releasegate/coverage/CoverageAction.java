package io.jenkins.plugins.releasegate.coverage;

import hudson.Extension;
import hudson.model.Job;
import hudson.model.RootAction;
import io.jenkins.plugins.releasegate.config.ReleaseGateConfiguration;
import io.jenkins.plugins.releasegate.core.coverage.Coverage;
import io.jenkins.plugins.releasegate.core.policy.InvalidPolicyException;
import io.jenkins.plugins.releasegate.core.policy.PolicyExceptionRule;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * The Release Gate page at {@code /release-gate/}: which of the jobs the user may see ran the gate on their last
 * build, the shares of jobs and of archiving builds that ran it in the last 7 and 30 days, and the exceptions in
 * force. Rows come {@value #PAGE_SIZE} to a page ({@code page/N/}); {@code json} gives the whole as JSON.
 */
@Extension
public final class CoverageAction implements RootAction {

    /** Rows per page. */
    public static final int PAGE_SIZE = 100;

    @Override
    public String getIconFileName() {
        return "symbol-document-text";
    }

    @Override
    public String getDisplayName() {
        return Messages.CoverageAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return "release-gate";
    }

    /** The first page, which the action's own page shows. */
    public CoveragePage getFirstPage() {
        return getPage(1);
    }

    /** Page {@code number} of the rows, counted from 1; Stapler serves it at {@code page/N/}. */
    public CoveragePage getPage(int number) {
        return new CoveragePage(coverage(), number, PAGE_SIZE, policyProblem());
    }

    /** The coverage as JSON for dashboards, over the jobs the user may see. */
    public void doJson(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        rsp.setContentType("application/json;charset=UTF-8");
        PrintWriter out = rsp.getWriter();
        out.write(coverage().toJson());
        out.flush();
    }

    /** Coverage over the jobs the current user may see, now. */
    static Coverage coverage() {
        Instant now = Instant.now();
        List<Coverage.JobRow> rows = new ArrayList<>();
        for (Job<?, ?> job : Jenkins.get().allItems(Job.class)) {
            rows.add(BuildRecords.row(job, now));
        }
        return Coverage.of(rows, exceptions(), GateRunListener.ledger().usage(), now);
    }

    private static List<PolicyExceptionRule> exceptions() {
        try {
            return ReleaseGateConfiguration.get().policy().exceptions();
        } catch (InvalidPolicyException e) {
            return List.of();
        }
    }

    /** Why the global policy does not read, or {@code null} when it does: every gate fails until it is fixed. */
    private static String policyProblem() {
        try {
            ReleaseGateConfiguration.get().policy();
            return null;
        } catch (InvalidPolicyException e) {
            return Messages.CoverageAction_PolicyInvalid();
        }
    }
}
