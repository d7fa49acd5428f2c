package io.dynod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.cli.testing.Await;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "waking up" page in a real browser (Debian's headless Chromium through chromedriver), on the
 * built jar: {@code dynod up} with two copies of examples/hello that boot in 8 s and sleep after 3 s;
 * "page" opted in to the waking page, "plain" did not. The test only opens each app's URL once;
 * any later navigation is the page's own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WakingPageBrowserIT {

    private static final Path HELLO = AgentProcess.ROOT.resolve("examples/hello");
    /** Much longer than the router's 2 s waking-page delay, so a browser waiting for "page" gets the page first. */
    private static final String BOOT_DELAY_MS = "8000";
    private static final String WAKING = "waking page";

    @TempDir
    static Path dir;

    private UpProcess up;
    private HeadlessChromium browser;

    @BeforeAll
    void start() throws Exception {
        HeadlessChromium.require();
        up = new UpProcess(dir.resolve("home"), List.of(UpProcess.appCopy(HELLO, dir, "page").toString(),
                UpProcess.appCopy(HELLO, dir, "plain").toString(), "--idle-after", "3s", "--waking-page", "page"));
        for (String app : List.of("page", "plain")) {
            assertThat(up.cli("config:set", "-a", app, "BOOT_DELAY_MS=" + BOOT_DELAY_MS).exit()).isZero();
        }
        browser = new HeadlessChromium(dir.resolve("profile"), Duration.ofSeconds(90));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (up != null) {
                up.close();
            }
        }
    }

    @Test
    void aSleepingAppThatOptedInShowsTheWakingPageThenItsOwnPageWithoutAReload() throws Exception {
        up.awaitWebState("page", "idle", Duration.ofSeconds(90));
        int launches = up.webLaunches("page");
        String url = "http://page.localhost:" + up.port + "/";

        browser.open(url); // returns once the first page loaded: the hold ended with the waking page
        List<String> seen = new ArrayList<>();
        Await.until(Duration.ofSeconds(90), "the browser to land on page's own page",
                () -> saw(seen, "page").equals("page"), () -> seen + "\n" + up.output + browser.output());

        assertThat(collapsed(seen)).as("what the browser showed, in order").containsExactly(WAKING, "page");
        assertThat(browser.currentUrl()).isEqualTo(url);
        assertThat(browser.source()).contains("Hello from page on web.1, request #");
        List<String> lines = routerLines("page");
        int lastWakingPage = lastIndexOf(lines, l -> l.contains("code=D20") && l.contains("status=503"));
        int lastAnswer = lastIndexOf(lines, WakingPageBrowserIT::appAnsweredRoot);
        assertThat(lastWakingPage).as("the router served the waking page:\n%s", lines).isNotNegative();
        assertThat(lastAnswer).as("then the app answered the page's own reload:\n%s", lines)
                .isGreaterThan(lastWakingPage);
        assertThat(up.webLaunches("page")).isEqualTo(launches + 1);
    }

    @Test
    void aSleepingAppThatDidNotOptInIsAnsweredOnlyByTheAppItself() throws Exception {
        up.awaitWebState("plain", "idle", Duration.ofSeconds(90));
        int launches = up.webLaunches("plain");
        String url = "http://plain.localhost:" + up.port + "/";

        browser.open(url); // held for the whole boot: no page until the app answers
        List<String> seen = new ArrayList<>();
        assertThat(saw(seen, "plain")).isEqualTo("plain");
        assertThat(browser.source()).as("a fresh process answered the browser's first request")
                .contains("Hello from plain on web.1, request #1\n");
        assertThat(browser.currentUrl()).isEqualTo(url);
        assertThat(up.webLaunches("plain")).isEqualTo(launches + 1);
        assertThat(routerLines("plain")).as("the router never served plain's browser the waking page")
                .isNotEmpty().noneMatch(l -> l.contains("code=D20"))
                .anyMatch(WakingPageBrowserIT::appAnsweredRoot);
    }

    /**
     * Records what the browser shows now: the waking page, {@code app}'s own page, or anything else in
     * full. A WebDriver error (the page replaced mid-command) is answered but not recorded: it shows nothing.
     */
    private String saw(List<String> seen, String app) {
        String source;
        try {
            source = browser.source();
        } catch (IOException e) {
            return "(no page: " + e.getMessage() + ")";
        }
        String what = source.contains("<title>Waking up…</title>") ? WAKING
                : source.contains("Hello from " + app + " on web.1") ? app : source;
        seen.add(what);
        return what;
    }

    private static List<String> collapsed(List<String> seen) {
        List<String> runs = new ArrayList<>();
        for (String s : seen) {
            if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(s)) {
                runs.add(s);
            }
        }
        return runs;
    }

    /** The router's log lines for {@code app}'s host. */
    private List<String> routerLines(String app) {
        return up.output.toString().lines().filter(l -> l.contains("dynod[router]:"))
                .filter(l -> l.contains(" host=" + app + ".localhost")).toList();
    }

    private static boolean appAnsweredRoot(String line) {
        return line.contains("at=info") && line.contains("path=\"/\"") && line.contains("status=200");
    }

    private static int lastIndexOf(List<String> lines, Predicate<String> match) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (match.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
