package io.jenkins.plugins.releasegate.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockConstruction;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.model.Item;
import io.jenkins.plugins.releasegate.JenkinsStandIns;
import io.jenkins.plugins.releasegate.config.ReleaseGateConfiguration;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.verb.POST;
import org.mockito.MockedConstruction;

/**
 * The PIN credential drop-down: only users who may configure the job, or use its credentials, see which Secret text
 * credentials exist; everyone else sees only the id the field already holds.
 */
class PinCredentialsTest {

    @TempDir
    Path home;

    @Test
    void listsTheSecretTextCredentialsOfTheJobToWhoMayConfigureIt() {
        Item job = mock(Item.class);
        when(job.hasPermission(Item.EXTENDED_READ)).thenReturn(true);

        StandardListBoxModel items = listed(job, "hsm-pin", true);

        verify(items).includeEmptyValue();
        verify(items).include(job, StringCredentials.class);
        verify(items).includeCurrentValue("hsm-pin");
    }

    @Test
    void showsOnlyTheCurrentValueToWhoMayNeitherConfigureNorUseTheJobsCredentials() {
        Item job = mock(Item.class);
        when(job.hasPermission(CredentialsProvider.USE_ITEM)).thenReturn(false);

        StandardListBoxModel items = listed(job, "hsm-pin", true);

        verify(items, never()).include(any(), any());
        verify(items, never()).includeEmptyValue();
        verify(items).includeCurrentValue("hsm-pin");
    }

    @Test
    void outsideAJobOnlyAdministratorsSeeTheCredentials() {
        StandardListBoxModel forAdministrator = listed(null, null, true);
        StandardListBoxModel forUser = listed(null, null, false);

        verify(forAdministrator).include(null, StringCredentials.class);
        verify(forUser, never()).include(any(), any());
        verify(forUser).includeCurrentValue("");
    }

    @Test
    void bothStepsFillTheirPinFieldThroughPostRequestsWithTheJobFromTheUrl() throws Exception {
        List<Method> fills = Stream.of(ReleaseGateStep.DescriptorImpl.class, ReleaseSignStep.DescriptorImpl.class)
                .map(type -> {
                    try {
                        return type.getMethod("doFillPinCredentialsIdItems", Item.class, String.class);
                    } catch (NoSuchMethodException e) {
                        throw new AssertionError(type + " has no drop-down for pinCredentialsId", e);
                    }
                })
                .toList();

        assertThat(fills).allSatisfy(fill -> {
            assertThat(fill.isAnnotationPresent(POST.class)).isTrue();
            assertThat(fill.getParameters()[0].isAnnotationPresent(AncestorInPath.class))
                    .isTrue();
        });
    }

    /** The model the drop-down would list, with each call it got recorded. */
    private StandardListBoxModel listed(Item job, String current, boolean administrator) {
        ReleaseGateConfiguration configuration = new ReleaseGateConfiguration();
        try (JenkinsStandIns jenkins = administrator
                        ? JenkinsStandIns.administrator(home.toFile(), configuration)
                        : JenkinsStandIns.user(home.toFile(), configuration);
                MockedConstruction<StandardListBoxModel> models = mockConstruction(
                        StandardListBoxModel.class, withSettings().defaultAnswer(RETURNS_SELF))) {
            when(jenkins.jenkins.hasPermission(any())).thenReturn(administrator);
            PinCredentials.items(job, current);
            assertThat(models.constructed()).hasSize(1);
            return models.constructed().get(0);
        }
    }
}
