package io.jenkins.plugins.releasegate.core.verdict;

import java.time.LocalDate;

/**
 * A policy exception that applied to a check: either it waived something, or it would have but had expired.
 *
 * @param id the exception's id
 * @param waive what it waives, as the policy says it ({@code signature}, {@code finding:CVE-2024-1234}, ...)
 * @param owner who owns the decision
 * @param ticket the ticket that records it, or {@code null}
 * @param expires the last day (UTC) on which it waives
 * @param expired whether it had expired when the gate ran, so that it waived nothing
 */
public record ExceptionUse(String id, String waive, String owner, String ticket, LocalDate expires, boolean expired) {}
