package io.jenkins.plugins.releasegate.coverage;

import hudson.model.BuildBadgeAction;

/**
 * The mark of a build that archived artifacts without a gate verdict. It has no page of its own; the coverage page
 * counts such builds.
 */
public final class UngatedBadge implements BuildBadgeAction {

    /** Why the build carries the mark, shown as the badge's tooltip. */
    public static final String TOOLTIP = Messages.UngatedBadge_Tooltip();

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return Messages.UngatedBadge_DisplayName();
    }

    @Override
    public String getUrlName() {
        return null;
    }

    public String getTooltip() {
        return TOOLTIP;
    }
}
