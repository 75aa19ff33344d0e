package io.jenkins.plugins.releasegate.core.scan;

import io.jenkins.plugins.releasegate.core.evidence.FindingWaivers;
import io.jenkins.plugins.releasegate.core.verdict.ExceptionUse;
import io.jenkins.plugins.releasegate.core.verdict.Finding;
import io.jenkins.plugins.releasegate.core.verdict.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Weighs a scan's findings against the policy while they are read. Every finding is counted, but only the most
 * telling ones are kept for the report, so a scan with millions of results needs no more memory than one with
 * thousands: those that fail the check first, then the most severe.
 */
final class FindingTally {

    /** How many findings a check result lists at most; the counts always cover all of them. */
    static final int MAX_LISTED = 10_000;

    private static final int NAMED_IN_DETAIL = 5;

    /** Failing findings first, then the more severe, then the earlier in the file. */
    private static final Comparator<Ranked> RANK = FindingTally::compareRank;

    private final Severity failOn;
    private final FindingWaivers waivers;
    private final int maxListed;
    private final Map<String, Optional<ExceptionUse>> waiverByFinding = new HashMap<>();
    private final Set<ExceptionUse> exceptions = new LinkedHashSet<>();
    private final int[] counts = new int[Severity.values().length];
    private final int[] failingCounts = new int[Severity.values().length];
    private final Map<String, String> failingNamed = new LinkedHashMap<>();
    private final PriorityQueue<Ranked> listed = new PriorityQueue<>(RANK);
    private boolean moreFailing;
    private int total;
    private int waived;
    private int suppressed;
    private long sequence;

    FindingTally(Severity failOn, FindingWaivers waivers) {
        this(failOn, waivers, MAX_LISTED);
    }

    FindingTally(Severity failOn, FindingWaivers waivers, int maxListed) {
        this.failOn = failOn;
        this.waivers = waivers;
        this.maxListed = maxListed;
    }

    /**
     * Counts one finding, applying the policy exception that names it, if any.
     *
     * @param suppressedByTool whether the scanner marked it suppressed, which the gate reports but does not honour
     * @param details what a report shows of it, asked for only when the finding is listed
     */
    void add(String id, Severity severity, boolean suppressedByTool, FindingDetails details) {
        add(id, List.of(), severity, suppressedByTool, details);
    }

    /**
     * Counts one finding that is also known under other ids, such as a GHSA advisory that names its CVE. An exception
     * that names the finding's id or any alias applies; one in force wins over an expired one.
     */
    void add(String id, List<String> aliases, Severity severity, boolean suppressedByTool, FindingDetails details) {
        Optional<ExceptionUse> exception = exceptionFor(id, aliases);
        exception.ifPresent(exceptions::add);
        String waivedBy =
                exception.filter(use -> !use.expired()).map(ExceptionUse::id).orElse(null);

        total++;
        counts[severity.ordinal()]++;
        if (waivedBy != null) {
            waived++;
        }
        if (suppressedByTool) {
            suppressed++;
        }
        boolean failing = waivedBy == null && failOn != Severity.NONE && severity.atLeast(failOn);
        if (failing) {
            failingCounts[severity.ordinal()]++;
            nameInDetail(id, exception);
        }

        long position = sequence++;
        if (listable(failing, severity)) {
            Finding finding = new Finding(
                    id, severity, details.severitySource(), details.message(), details.location(), waivedBy);
            if (listed.size() == maxListed) {
                listed.poll();
            }
            listed.add(new Ranked(finding, failing, position));
        }
    }

    private Optional<ExceptionUse> exceptionFor(String id, List<String> aliases) {
        Optional<ExceptionUse> found = waiverByFinding.computeIfAbsent(id, waivers::lookup);
        for (String alias : aliases) {
            if (found.isPresent() && !found.get().expired()) {
                break;
            }
            Optional<ExceptionUse> byAlias = waiverByFinding.computeIfAbsent(alias, waivers::lookup);
            if (byAlias.isPresent() && (found.isEmpty() || !byAlias.get().expired())) {
                found = byAlias;
            }
        }
        return found;
    }

    Summary summary() {
        List<Ranked> kept = new ArrayList<>(listed);
        kept.sort(RANK.reversed());
        List<Finding> findings = kept.stream().map(Ranked::finding).toList();
        return new Summary(
                total,
                bySeverity(counts),
                waived,
                suppressed,
                bySeverity(failingCounts),
                List.copyOf(failingNamed.values()),
                moreFailing,
                findings,
                List.copyOf(exceptions));
    }

    private static Map<Severity, Integer> bySeverity(int[] counts) {
        Map<Severity, Integer> map = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            if (counts[severity.ordinal()] > 0) {
                map.put(severity, counts[severity.ordinal()]);
            }
        }
        return map;
    }

    private void nameInDetail(String id, Optional<ExceptionUse> expired) {
        if (failingNamed.containsKey(id)) {
            return;
        }
        if (failingNamed.size() == NAMED_IN_DETAIL) {
            moreFailing = true;
            return;
        }
        String note = expired.map(use -> id + " (exception " + use.id() + " expired on " + use.expires() + ")")
                .orElse(id);
        failingNamed.put(id, note);
    }

    /**
     * Whether a new finding earns a place in the list. It comes after every listed one, so it outranks the lowest only
     * by failing where that one does not, or by a higher severity.
     */
    private boolean listable(boolean failing, Severity severity) {
        if (listed.size() < maxListed) {
            return true;
        }
        Ranked lowest = listed.peek();
        int byFailing = Boolean.compare(failing, lowest.failing());
        return byFailing > 0
                || (byFailing == 0 && severity.compareTo(lowest.finding().severity()) > 0);
    }

    private static int compareRank(Ranked a, Ranked b) {
        int byFailing = Boolean.compare(a.failing(), b.failing());
        if (byFailing != 0) {
            return byFailing;
        }
        int bySeverity = a.finding().severity().compareTo(b.finding().severity());
        return bySeverity != 0 ? bySeverity : Long.compare(b.sequence(), a.sequence());
    }

    private record Ranked(Finding finding, boolean failing, long sequence) {}

    /** What a report shows of a finding beyond its id and severity, made only for the findings that are listed. */
    interface FindingDetails {

        /** How the gate got the finding's severity, for example {@code security-severity 9.8 on rule java/xss}. */
        String severitySource();

        String message();

        String location();
    }

    /**
     * The findings of a scan as weighed against the policy.
     *
     * @param total how many findings the scan has
     * @param counts how many at each severity; severities without findings are absent
     * @param waived how many an active policy exception waives
     * @param suppressed how many the scanner itself marked suppressed
     * @param failingCounts how many fail the check, by severity
     * @param failingNamed the first few distinct ids that fail the check, with a note where an exception expired
     * @param moreFailing whether more ids fail the check than are named
     * @param findings the findings to list, failing ones and the most severe first; all of them unless there are
     *     more than {@link #MAX_LISTED}
     * @param exceptions every policy exception that named a finding, active or expired, once each
     */
    record Summary(
            int total,
            Map<Severity, Integer> counts,
            int waived,
            int suppressed,
            Map<Severity, Integer> failingCounts,
            List<String> failingNamed,
            boolean moreFailing,
            List<Finding> findings,
            List<ExceptionUse> exceptions) {

        int failing() {
            return failingCounts.values().stream().mapToInt(Integer::intValue).sum();
        }

        int count(Severity severity) {
            return counts.getOrDefault(severity, 0);
        }
    }
}
