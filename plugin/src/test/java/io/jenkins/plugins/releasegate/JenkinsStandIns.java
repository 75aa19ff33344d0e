package io.jenkins.plugins.releasegate;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;

import hudson.ExtensionList;
import io.jenkins.plugins.releasegate.config.ReleaseGateConfiguration;
import java.io.File;
import jenkins.model.Jenkins;
import org.mockito.MockedStatic;
import org.mockito.Mockito;

/**
 * Jenkins' singletons for the plugin's tests: {@code Jenkins.get()} answers with a Jenkins whose home is a test
 * folder and whose permission check lets everyone through or refuses everyone, and the extension list answers with
 * the given global configuration. Close it to end the stand-in.
 */
public final class JenkinsStandIns implements AutoCloseable {

    /** What Jenkins throws when a user lacks a permission; the real one is Spring's AccessDeniedException. */
    public static final class AccessDenied extends RuntimeException {
        public AccessDenied() {
            super("anonymous is missing the Overall/Administer permission");
        }
    }

    public final Jenkins jenkins = mock(Jenkins.class);
    private final MockedStatic<Jenkins> statics = mockStatic(Jenkins.class);
    private final MockedStatic<ExtensionList> extensions = mockStatic(ExtensionList.class);

    private JenkinsStandIns(File home, ReleaseGateConfiguration configuration, boolean administrator) {
        statics.when(Jenkins::get).thenReturn(jenkins);
        Mockito.when(jenkins.getRootDir()).thenReturn(home);
        if (!administrator) {
            doThrow(new AccessDenied()).when(jenkins).checkPermission(any());
        }
        extensions
                .when(() -> ExtensionList.lookupSingleton(ReleaseGateConfiguration.class))
                .thenReturn(configuration);
    }

    /** Jenkins as an administrator sees it. */
    public static JenkinsStandIns administrator(File home, ReleaseGateConfiguration configuration) {
        return new JenkinsStandIns(home, configuration, true);
    }

    /** Jenkins as a user without Overall/Administer sees it. */
    public static JenkinsStandIns user(File home, ReleaseGateConfiguration configuration) {
        return new JenkinsStandIns(home, configuration, false);
    }

    @Override
    public void close() {
        extensions.close();
        statics.close();
    }
}
