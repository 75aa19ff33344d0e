package io.jenkins.plugins.releasegate;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;

import hudson.ExtensionList;
import hudson.FilePath;
import hudson.model.TaskListener;
import io.jenkins.plugins.releasegate.config.ReleaseGateConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

    /** A workspace on an agent: what the controller sends to it runs on {@code folder}. */
    @SuppressWarnings("unchecked")
    public static FilePath agentWorkspace(Path folder) throws IOException, InterruptedException {
        FilePath workspace = mock(FilePath.class);
        Mockito.when(workspace.act(any(FilePath.FileCallable.class)))
                .thenAnswer(
                        call -> ((FilePath.FileCallable<Object>) call.getArgument(0)).invoke(folder.toFile(), null));
        return workspace;
    }

    /** A build's console that writes into {@code console}. */
    public static TaskListener console(ByteArrayOutputStream console) {
        TaskListener listener = mock(TaskListener.class);
        Mockito.when(listener.getLogger()).thenReturn(new PrintStream(console, true, StandardCharsets.UTF_8));
        return listener;
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
