package io.jenkins.plugins.releasegate.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.model.Item;
import hudson.util.ListBoxModel;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * The Snippet Generator's list of PIN credentials: the Secret text credentials the user may choose for the job, or,
 * for a user who may not list them, only the value the field already holds.
 */
final class PinCredentials {

    private PinCredentials() {}

    /**
     * @param job the job being configured, or {@code null} outside any job
     * @param current the id the field holds now, kept in the list whatever the user may see
     */
    static ListBoxModel items(Item job, String current) {
        String value = current == null ? "" : current;
        StandardListBoxModel items = new StandardListBoxModel();
        boolean mayList = job == null
                ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : job.hasPermission(Item.EXTENDED_READ) || job.hasPermission(CredentialsProvider.USE_ITEM);
        if (!mayList) {
            return items.includeCurrentValue(value);
        }
        return items.includeEmptyValue().include(job, StringCredentials.class).includeCurrentValue(value);
    }
}
