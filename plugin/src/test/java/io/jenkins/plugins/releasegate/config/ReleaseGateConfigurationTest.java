package io.jenkins.plugins.releasegate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockConstruction;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

import hudson.model.Descriptor.FormException;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.releasegate.JenkinsStandIns;
import io.jenkins.plugins.releasegate.core.policy.InvalidPolicyException;
import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.policy.PolicyReader;
import io.jenkins.plugins.releasegate.core.policy.PolicySettings;
import io.jenkins.plugins.releasegate.core.policy.Signers;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import net.sf.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;
import org.mockito.MockedConstruction;
import org.mockito.MockedStatic;

class ReleaseGateConfigurationTest {

    private static final Path EXAMPLES =
            Path.of("..", "examples").toAbsolutePath().normalize();

    @TempDir
    Path home;

    @Test
    void startsWithTheEnginesDefaultPolicy() throws Exception {
        assertThat(new ReleaseGateConfiguration().policy()).isEqualTo(Policy.defaults());
    }

    @Test
    void holdsTheExamplePolicyWithItsAnchorsInline() throws Exception {
        Policy fromFile = PolicyReader.read(EXAMPLES.resolve("policy.yaml"));
        ReleaseGateConfiguration configuration = new ReleaseGateConfiguration();

        configuration.apply(PolicySettings.of(fromFile));

        Policy held = configuration.policy();
        assertThat(held.scan()).isEqualTo(fromFile.scan());
        assertThat(held.exceptions()).isEqualTo(fromFile.exceptions());
        assertThat(held.signature().trust().certificates()).hasSize(1);
        assertThat(configuration.getCertificates()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(configuration.getExceptions()).singleElement().satisfies(entry -> {
            assertThat(entry.getId()).isEqualTo("EX-1");
            assertThat(entry.getTicket()).isEqualTo("SEC-1234");
            assertThat(entry.getArtifact()).isEqualTo("app-*.jar");
        });
    }

    @Test
    void holdsWhichSignersMustBeTrusted() throws Exception {
        ReleaseGateConfiguration configuration = new ReleaseGateConfiguration();

        assertThat(configuration.policy().signature().signers()).isEqualTo(Signers.ALL);
        configuration.setSigners("any");
        assertThat(configuration.policy().signature().signers()).isEqualTo(Signers.ANY);
        configuration.setSigners("most");
        assertThatThrownBy(configuration::policy)
                .isInstanceOfSatisfying(
                        InvalidPolicyException.class,
                        e -> assertThat(e.problems())
                                .extracting(PolicySettings::field)
                                .containsExactly("signers"));
    }

    @Test
    void savesASubmittedPolicyThatReads() throws Exception {
        ReleaseGateConfiguration configuration = spy(new ReleaseGateConfiguration());

        try (JenkinsStandIns jenkins = JenkinsStandIns.administrator(home.toFile(), configuration)) {
            configuration.configure(
                    submitting(c -> {
                        c.setFailOn("critical");
                        c.setExceptions(List.of(exception("2027-01-31")));
                    }),
                    mock(JSONObject.class));
        }

        assertThat(configuration.policy().scan().failOn().id()).isEqualTo("critical");
        assertThat(configuration.policy().exceptions()).hasSize(1);
        verify(configuration).save();
    }

    @Test
    void refusesASubmittedPolicyThatDoesNotReadAndKeepsTheOldOne() throws Exception {
        ReleaseGateConfiguration configuration = spy(new ReleaseGateConfiguration());
        PolicySettings before = configuration.settings();

        try (JenkinsStandIns jenkins = JenkinsStandIns.administrator(home.toFile(), configuration)) {
            assertThatThrownBy(() -> configuration.configure(
                            submitting(c -> {
                                c.setFailOn("severe");
                                c.setMandatoryGating(true);
                                c.setExceptions(List.of(exception("31/01/2027")));
                            }),
                            mock(JSONObject.class)))
                    .isInstanceOfSatisfying(FormException.class, e -> {
                        assertThat(e.getFormField()).isEqualTo("failOn");
                        assertThat(e.getMessage())
                                .startsWith("The global policy was not saved. Fail on: ")
                                .contains("\"severe\"")
                                .contains("Exceptions: Exception 1 expires must be a date like 2027-01-31");
                    });
        }

        assertThat(configuration.settings()).isEqualTo(before);
        assertThat(configuration.isMandatoryGating()).isFalse();
        verify(configuration, never()).save();
    }

    @Test
    void refusesAnAnchorTheGateCouldNotLoad() {
        ReleaseGateConfiguration configuration = new ReleaseGateConfiguration();

        try (JenkinsStandIns jenkins = JenkinsStandIns.administrator(home.toFile(), configuration)) {
            assertThatThrownBy(() -> configuration.configure(
                            submitting(c -> c.setCertificates(
                                    "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n" + "-----END CERTIFICATE-----\n")),
                            mock(JSONObject.class)))
                    .isInstanceOf(FormException.class)
                    .hasMessageContaining("Trusted certificates");
        }
    }

    @Test
    void aSubmittedPageWithoutExceptionsRemovesThemAll() throws Exception {
        ReleaseGateConfiguration configuration = new ReleaseGateConfiguration();
        configuration.setExceptions(List.of(exception("2027-01-31")));

        try (JenkinsStandIns jenkins = JenkinsStandIns.administrator(home.toFile(), configuration)) {
            configuration.configure(submitting(c -> {}), mock(JSONObject.class));
        }

        assertThat(configuration.getExceptions()).isEmpty();
    }

    @Test
    void onlyAdministratorsMaySaveIt() {
        ReleaseGateConfiguration configuration = spy(new ReleaseGateConfiguration());
        StaplerRequest2 request = submitting(c -> c.setMode("audit"));

        try (JenkinsStandIns jenkins = JenkinsStandIns.user(home.toFile(), configuration)) {
            assertThatThrownBy(() -> configuration.configure(request, mock(JSONObject.class)))
                    .isInstanceOf(JenkinsStandIns.AccessDenied.class);
        }

        verify(request, never()).bindJSON(any(), any());
        assertThat(configuration.getMode()).isEqualTo("enforce");
        verify(configuration, never()).save();
    }

    @Test
    void onlyAdministratorsMayValidateAField() {
        ReleaseGateConfiguration configuration = new ReleaseGateConfiguration();
        ExceptionEntry.DescriptorImpl rows = new ExceptionEntry.DescriptorImpl();

        try (JenkinsStandIns jenkins = JenkinsStandIns.user(home.toFile(), configuration);
                MockedStatic<FormValidation> validation = mockStatic(FormValidation.class)) {
            assertThatThrownBy(() -> configuration.doCheckFailOn("high"))
                    .isInstanceOf(JenkinsStandIns.AccessDenied.class);
            assertThatThrownBy(() -> configuration.doCheckCertificates(""))
                    .isInstanceOf(JenkinsStandIns.AccessDenied.class);
            assertThatThrownBy(() -> rows.doCheckExpires("2027-01-31"))
                    .isInstanceOf(JenkinsStandIns.AccessDenied.class);
            validation.verifyNoInteractions();
        }
    }

    @Test
    void validatesAFieldWithTheEnginesMessage() {
        ReleaseGateConfiguration configuration = new ReleaseGateConfiguration();
        ExceptionEntry.DescriptorImpl rows = new ExceptionEntry.DescriptorImpl();
        FormValidation error = mock(FormValidation.class);
        FormValidation ok = mock(FormValidation.class);

        try (JenkinsStandIns jenkins = JenkinsStandIns.administrator(home.toFile(), configuration);
                MockedStatic<FormValidation> validation = mockStatic(FormValidation.class)) {
            validation.when(() -> FormValidation.error(anyString())).thenReturn(error);
            validation.when(FormValidation::ok).thenReturn(ok);

            assertThat(configuration.doCheckFailOn("high")).isSameAs(ok);
            assertThat(configuration.doCheckFailOn("severe")).isSameAs(error);
            validation.verify(
                    () -> FormValidation.error("Must be critical, high, medium, low or none, not \"severe\""));
            assertThat(configuration.doCheckPublicKeys(
                            "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n"))
                    .isSameAs(error);
            assertThat(rows.doCheckExpires("2027-02-30")).isSameAs(error);
            assertThat(rows.doCheckExpires("2027-02-28")).isSameAs(ok);
        }
    }

    @Test
    void offersTheEnginesWordsInTheDropDownsToAdministratorsOnly() {
        ReleaseGateConfiguration configuration = new ReleaseGateConfiguration();
        List<String> values = new ArrayList<>();

        try (JenkinsStandIns jenkins = JenkinsStandIns.administrator(home.toFile(), configuration);
                MockedConstruction<ListBoxModel> models = mockConstruction(
                        ListBoxModel.class,
                        (model, context) -> doAnswer(call -> values.add(call.getArgument(1)))
                                .when(model)
                                .add(anyString(), anyString()))) {
            configuration.doFillModeItems();
            configuration.doFillFailOnItems();
            configuration.doFillSbomBindingItems();
        }
        try (JenkinsStandIns jenkins = JenkinsStandIns.user(home.toFile(), configuration)) {
            assertThatThrownBy(configuration::doFillModeItems).isInstanceOf(JenkinsStandIns.AccessDenied.class);
        }

        assertThat(values)
                .containsExactly("enforce", "audit", "critical", "high", "medium", "low", "none", "digest", "name");
        for (String value : values.subList(0, 2)) {
            assertThat(PolicySettings.check("mode", value)).isEmpty();
        }
        for (String value : values.subList(2, 7)) {
            assertThat(PolicySettings.check("failOn", value)).isEmpty();
        }
        for (String value : values.subList(7, 9)) {
            assertThat(PolicySettings.check("sbomBinding", value)).isEmpty();
        }
    }

    @Test
    void everyValidationAndFillMethodTakesOnlyPostRequests() {
        List<Method> checks = Stream.of(ReleaseGateConfiguration.class, ExceptionEntry.DescriptorImpl.class)
                .flatMap(type -> Arrays.stream(type.getDeclaredMethods()))
                .filter(method -> method.getName().startsWith("doCheck")
                        || method.getName().startsWith("doFill"))
                .toList();

        assertThat(checks).hasSizeGreaterThanOrEqualTo(23);
        assertThat(checks)
                .allSatisfy(method -> assertThat(method.isAnnotationPresent(POST.class))
                        .as(method.getName())
                        .isTrue());
    }

    @Test
    void aPolicyStoredAroundThePageFailsEveryGateUntilItIsFixed() {
        ReleaseGateConfiguration configuration = new ReleaseGateConfiguration();
        configuration.setFailOn("severe");

        assertThatThrownBy(configuration::policy)
                .isInstanceOfSatisfying(
                        InvalidPolicyException.class,
                        e -> assertThat(e.problems())
                                .singleElement()
                                .satisfies(problem -> assertThat(PolicySettings.field(problem))
                                        .isEqualTo("failOn")));

        configuration.setFailOn("high");
        assertThat(configuration.settings().failOn()).isEqualTo("high");
    }

    private static ExceptionEntry exception(String expires) {
        ExceptionEntry entry = new ExceptionEntry(
                "EX-9", "finding:CVE-2021-44228", "Not reachable", "platform-security@example.com", expires);
        entry.setTicket("SEC-9");
        return entry;
    }

    /** A submitted form, as Stapler binds it: the given setters are called on the configuration. */
    private static StaplerRequest2 submitting(Consumer<ReleaseGateConfiguration> form) {
        StaplerRequest2 request = mock(StaplerRequest2.class);
        doAnswer(call -> {
                    form.accept(call.getArgument(0));
                    return null;
                })
                .when(request)
                .bindJSON(any(), any());
        return request;
    }
}
