package io.goxhelix.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The web console in a real browser: {@code src/test/browser/console.test.mjs} drives Debian's
 * Chromium (headless) with playwright-core against this test's service. Skipped where Chromium, node
 * or the script's dependencies ({@code npm ci} in {@code src/test/browser}) are missing; {@code
 * .ci/run} installs them. {@code -Dconsole.screenshot=doc/console.png} also takes the README's
 * screenshot.
 */
@QuarkusTest
class ConsoleBrowserTest {

    private static final Path SCRIPTS = Path.of("src", "test", "browser");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TestHTTPResource("/")
    URI base;

    @Test
    void theConsoleIsServedAsStaticFiles() {
        String page = given().get("/console/").then().statusCode(200).extract().asString();

        assertThat(page).contains("<script src=\"console.js\">");
        assertThat(given().get("/console/console.js")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("text/event-stream");
    }

    @Test
    void aQueueAndAWorkerAppearOnThePageWithoutAReload() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(CHROMIUM), "no " + CHROMIUM);
        assumeTrue(Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core")), "no npm ci in " + SCRIPTS);
        assumeTrue(onPath("node"), "no node");

        ProcessBuilder pb = new ProcessBuilder("node", "console.test.mjs")
                .directory(SCRIPTS.toFile())
                .redirectErrorStream(true);
        String origin = base.toString().replaceAll("/$", "");
        pb.environment().put("GOX_URL", origin);
        String screenshot = System.getProperty("console.screenshot");
        if (screenshot != null) {
            pb.environment()
                    .put("GOX_SCREENSHOT", Path.of(screenshot).toAbsolutePath().toString());
        }
        Process p = pb.start();
        // Bounded: a browser that hangs must not hold the build.
        boolean ended = p.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(ended).as("the browser scenario ended: %s", output).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        System.out.println(output);
        assertThat(output).contains("queue shown after", "worker shown after", "drain from the page");
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
