package io.jenkins.plugins.releasegate.core.report;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium, run headless as this machine allows (no sandbox as root, no network, a fresh profile), to render
 * a page the way a person's browser would.
 */
final class HeadlessChromium {

    private static final long TIMEOUT_SECONDS = 90;

    private final Path executable;
    private final Path workFolder;

    private HeadlessChromium(Path executable, Path workFolder) {
        this.executable = executable;
        this.workFolder = workFolder;
    }

    /** Finds Chromium, or skips the test with the reason; on CI, where it must be installed, fails instead. */
    static HeadlessChromium require(Path workFolder) {
        Optional<Path> found = Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(path -> List.of(path.split(java.io.File.pathSeparator)).stream())
                .flatMap(folder -> List.of(Path.of(folder, "chromium"), Path.of(folder, "chromium-browser")).stream())
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty() && System.getenv("CI") != null) {
            fail("Chromium is not installed, and CI must render the HTML report: .ci/run installs Debian's chromium.");
        }
        Assumptions.assumeTrue(found.isPresent(), "Chromium is not installed (apt-get install chromium)");
        return new HeadlessChromium(found.get(), workFolder);
    }

    /** The page's DOM after Chromium parsed it. */
    String dumpDom(Path page) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", page.toUri().toString()));
    }

    /** A PNG screenshot of the page. */
    Path screenshot(Path page, Path png) throws IOException, InterruptedException {
        run(List.of(
                "--window-size=1400,1000",
                "--screenshot=" + png.toAbsolutePath(),
                page.toUri().toString()));
        return png;
    }

    private String run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                executable.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + Files.createTempDirectory(workFolder, "profile")));
        command.addAll(arguments);
        Path output = Files.createTempFile(workFolder, "chromium", ".out");
        Path errors = Files.createTempFile(workFolder, "chromium", ".err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile())
                .start();
        process.getOutputStream().close();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("Chromium did not finish within " + TIMEOUT_SECONDS + " s: " + Files.readString(errors));
        }
        if (process.exitValue() != 0) {
            fail("Chromium exited with " + process.exitValue() + ": " + Files.readString(errors));
        }
        return Files.readString(output, StandardCharsets.UTF_8);
    }
}
