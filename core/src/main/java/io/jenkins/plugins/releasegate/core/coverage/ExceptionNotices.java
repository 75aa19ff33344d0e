package io.jenkins.plugins.releasegate.core.coverage;

import io.jenkins.plugins.releasegate.core.policy.ExceptionStanding;
import io.jenkins.plugins.releasegate.core.verdict.ExceptionUse;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The warnings a build's console gives about the exceptions its gate run relied on: those that end within
 * {@value ExceptionStanding#ENDING_SOON_DAYS} days, so that their owners renew or retire them before builds fail,
 * and those that had already expired and so waived nothing.
 */
public final class ExceptionNotices {

    private ExceptionNotices() {}

    /** One sentence per exception of the report that ends soon or has expired, each once, in report order. */
    public static List<String> of(GateReport report, ZonedDateTime now) {
        Map<String, ExceptionUse> used = new LinkedHashMap<>();
        report.artifacts().stream()
                .flatMap(artifact -> artifact.checks().stream())
                .flatMap(check -> check.exceptions().stream())
                .forEach(use -> used.putIfAbsent(use.id(), use));
        List<String> notices = new ArrayList<>();
        for (ExceptionUse use : used.values()) {
            long daysLeft = ExceptionStanding.daysLeft(use.expires(), now);
            String who = " (owner " + use.owner() + (use.ticket() == null ? "" : ", ticket " + use.ticket()) + ")";
            if (use.expired() || daysLeft == 0) {
                notices.add("Exception " + use.id() + who + " expired on " + use.expires()
                        + " and waived nothing in this build; remove it from the policy or renew it.");
            } else if (daysLeft <= ExceptionStanding.ENDING_SOON_DAYS) {
                String when = daysLeft == 1 ? "ends today" : "ends in " + daysLeft + " days";
                notices.add("Exception " + use.id() + who + " " + when + " (" + use.expires()
                        + "); after that it waives nothing and what it waives fails the gate.");
            }
        }
        return notices;
    }
}
