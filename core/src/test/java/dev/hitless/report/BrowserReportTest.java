package dev.hitless.report;

import dev.hitless.check.Checker;
import dev.hitless.check.Counterexample;
import dev.hitless.cli.Main;
import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.reader.Visibility;
import dev.hitless.ordering.Orderings;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.reader.ReaderModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The HTML report in a real browser: Debian's chromium, driven headless through chromedriver by Selenium. Generates
 * the page in-process (as {@code hitless matrix --html} does), opens it as a file:// URL, clicks a TORN cell and
 * checks the counterexample lanes against {@link Checker}; exercises the verdict filter; measures how long the page
 * of the whole default matrix takes to load. Tests the DOM contract of issue 14 (docs/html-report.md).
 *
 * <p>Skipped, saying how to install them, when chromium or chromedriver is absent (.ci/install-browser installs both;
 * .ci/run calls it, so CI runs this test). The driver's path is given explicitly and the browser's binary too, so
 * Selenium Manager never runs and nothing is downloaded; the browser's own background traffic is switched off.
 *
 * <p>{@code -Dhitless.screenshot=docs/html-report.png} writes the screenshot taken after the click to that file
 * (relative to the repository top), for the docs; without it the screenshot is taken and checked, not kept. Tagged
 * {@code browser}: {@code -DexcludedGroups=browser} leaves it out, {@code -Dgroups=browser} runs only it.
 */
@Tag("browser")
class BrowserReportTest {

    static final Path CHROMIUM = Path.of(System.getProperty("hitless.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("hitless.chromedriver", "/usr/bin/chromedriver"));

    /** The cell the test clicks: TORN under the strict reader (`hitless check` prints its counterexample). */
    static final String FORMAT = "vtd-pasid", ORDERING = "struct-copy", READER = "strict",
            FROM = "fl-did5-a", TO = "fl-did6-b";

    /**
     * Loads of the whole-matrix page. The test prints their times (the figure docs/html-report.md quotes comes from
     * such runs on a quiet machine) but asserts only that each load ends: a timed bound in a unit test flakes on a
     * shared machine (5 s did, at 7.5 s under another build's load). One minute is a page that never loads, not a
     * slow one.
     */
    static final int LOADS = 5;
    static final double HANG_BOUND_MS = 60_000;

    static final String SKIPPED = "BrowserReportTest skipped: no " + CHROMIUM + " or " + CHROMEDRIVER
            + "; install them with .ci/install-browser (as root: apt-get install chromium chromium-driver)";

    /**
     * Selenium looks for DevTools (CDP) bindings of the browser's version when the driver starts and warns that it has
     * none for a chromium newer than itself; the test uses WebDriver only, so that warning is noise. Held here: the
     * logging framework keeps loggers weakly, and a collected logger would lose its level.
     */
    static final Logger CDP_LOG = Logger.getLogger("org.openqa.selenium.devtools");

    @TempDir
    static Path dir;

    static ChromeDriver driver;

    @BeforeAll
    static void startBrowser() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            System.err.println(SKIPPED); // surefire does not print the reason of a skipped test
            return;
        }
        CDP_LOG.setLevel(Level.SEVERE);
        // Both set explicitly: with the driver's path known, Selenium never asks Selenium Manager for one.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--window-size=1920,1080",
                "--user-data-dir=" + Files.createDirectory(dir.resolve("profile")));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @BeforeEach
    void browserInstalled() {
        assumeTrue(driver != null, SKIPPED);
        noErrorsLogged();
    }

    @AfterEach
    void noErrorsLogged() {
        // Drains the log between tests too, so each test sees only its own page's messages.
        if (driver != null) {
            assertEquals(List.of(), errors(), "JavaScript errors or failed loads in the browser log");
        }
    }

    @Test
    void clickingATornCellShowsTheCounterexampleLanes() throws IOException {
        Page page = page("vtd.html", "--format", FORMAT);
        open(page.file());
        assertEquals(String.valueOf(page.exitCode()), body("data-exit-code"), "body data-exit-code: the command's");
        assertEquals(page.exitCode() == Main.OK ? "OK" : "FAIL", body("data-result"));

        WebElement cell = cell(FORMAT, ORDERING, READER, FROM, TO);
        assertEquals("TORN", cell.getDomAttribute("data-verdict"));
        cell.click();
        WebElement title = new WebDriverWait(driver, Duration.ofSeconds(5))
                .until(d -> d.findElement(By.id("detail-title")).isDisplayed() ? d.findElement(By.id("detail-title")) : null);
        assertEquals(ORDERING + " / " + dev.hitless.planlang.AttachFile.DEFAULT + " / " + Visibility.defaultFor(Formats.byName(FORMAT)).label()
                + " / " + READER + ": " + FROM + " -> " + TO
                + ": TORN", title.getText().strip());

        EntryFormat f = Formats.byName(FORMAT);
        Plan plan = Orderings.byName(ORDERING).plan(f, f.parseConfig(FROM), f.parseConfig(TO));
        Counterexample cx = Checker.check(plan, ReaderModel.preset(READER, f)).counterexample().orElseThrow();

        // The plan table and the writer lane: one row and one g.step per plan step, numbered from 1 as check prints.
        List<String> stepNumbers = new ArrayList<>();
        for (int k = 1; k <= plan.steps().size(); k++) {
            stepNumbers.add(String.valueOf(k));
        }
        assertEquals(stepNumbers, attributes("#detail-plan tr[data-step]", "data-step"));
        assertEquals(stepNumbers, attributes("svg#lanes g.step[data-step]", "data-step"));

        // The reader lane: each chunk read after the step the checker says, showing memory's qwords at that moment.
        List<Entry> memory = memoryAfterEachStep(plan);
        int perChunk = cx.model().chunkBits() / 64;
        List<WebElement> reads = driver.findElements(By.cssSelector("svg#lanes g.read[data-chunk]"));
        assertEquals(cx.model().chunks(cx.plan().format()), reads.size(), "one g.read per chunk");
        for (int c = 0; c < cx.model().chunks(cx.plan().format()); c++) {
            WebElement read = driver.findElement(By.cssSelector("svg#lanes g.read[data-chunk='" + c + "']"));
            int after = cx.readAfterSteps()[c];
            assertEquals(String.valueOf(after), read.getDomAttribute("data-after-step"), "chunk " + c + " read after step");
            String text = read.getText() + " " + textContent(read);
            for (int k = 0; k < perChunk; k++) {
                String q = Entry.hex(memory.get(after).qword(c * perChunk + k));
                assertTrue(text.contains(q), "chunk " + c + " shows qword " + q + ": " + text);
            }
            String letter = String.valueOf(cx.observation().chunk(c));
            assertTrue(List.of(text.split("[\\s()\\[\\]:,]+")).contains(letter),
                    "chunk " + c + " shows its letter " + letter + ": " + text);
        }
        // The case `hitless check` prints: the fetch completes after step 2, chunk c0 new, c1 old.
        assertEquals(2, cx.stepsExecuted());
        assertEquals('n', cx.observation().chunk(0));
        assertEquals('o', cx.observation().chunk(1));

        // The lanes into the panel's view (vertically only: both lanes, writer and reader, stay in the picture).
        js("arguments[0].scrollIntoView({block: 'nearest', inline: 'nearest'});", driver.findElement(By.id("lanes")));
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        assertTrue(png.length > 10_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG of the page");
        String target = System.getProperty("hitless.screenshot");
        if (target != null && !target.isBlank()) {
            Path out = repositoryTop().resolve(target);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.write(out, png);
        }
    }

    @Test
    void verdictFilterHidesTheOtherCells() throws IOException {
        open(page("vtd.html", "--format", FORMAT).file());
        assertTrue(visibleCells("HITLESS") > 0 && visibleCells("TORN") > 0, "the page shows HITLESS and TORN cells");
        new Select(driver.findElement(By.id("filter-verdict"))).selectByValue("TORN");
        assertEquals(0, visibleCells("HITLESS"), "HITLESS cells hidden by verdict = TORN");
        assertTrue(visibleCells("TORN") > 0, "TORN cells stay");
        assertEquals(visibleCells("TORN"), visibleCells(null), "only TORN cells stay");
        new Select(driver.findElement(By.id("filter-verdict"))).selectByValue("");
        assertTrue(visibleCells("HITLESS") > 0, "option \"\" shows every verdict again");
    }

    @Test
    void wholeMatrixPageLoadsWithoutErrors() throws IOException {
        Path page = page("all.html", "--format", "all").file();
        long bytes = Files.size(page);
        List<Double> load = new ArrayList<>(), dom = new ArrayList<>();
        for (int i = 0; i < LOADS; i++) {
            driver.get("about:blank");
            open(page);
            @SuppressWarnings("unchecked")
            Map<String, Object> nav = (Map<String, Object>) js("return performance.getEntriesByType('navigation')[0].toJSON();");
            load.add(((Number) nav.get("loadEventEnd")).doubleValue());
            dom.add(((Number) nav.get("domContentLoadedEventEnd")).doubleValue());
            assertEquals(List.of(), errors(), "JavaScript errors or failed loads in the browser log");
        }
        System.out.printf("BrowserReportTest: matrix --format all --html: %d bytes; %d loads in %s: loadEventEnd %s ms,"
                + " domContentLoadedEventEnd %s ms%n", bytes, LOADS, version(), rounded(load), rounded(dom));
        for (double ms : load) {
            assertTrue(ms > 0 && ms < HANG_BOUND_MS, "page of the whole matrix: load event at " + ms + " ms");
        }
    }

    /** A page written by {@code hitless matrix} and the exit code it returned. */
    private record Page(Path file, int exitCode) {
    }

    /** The error check above can fail: a page that throws leaves a severe entry in the log it reads. */
    @Test
    void errorCheckSeesAnUncaughtException() throws IOException {
        Path page = Files.writeString(dir.resolve("throws.html"),
                "<!DOCTYPE html><html><body><script>throw new Error('deliberate');</script></body></html>");
        open(page);
        List<String> errors = errors();
        assertTrue(errors.stream().anyMatch(e -> e.contains("deliberate")), "errors seen: " + errors);
    }

    /** Writes the matrix page in-process, as {@code hitless matrix ARGS --html FILE} would. */
    private static Page page(String name, String... args) {
        Path file = dir.resolve(name);
        StringWriter out = new StringWriter(), err = new StringWriter();
        List<String> line = new ArrayList<>(List.of("matrix"));
        line.addAll(List.of(args));
        line.addAll(List.of("--html", file.toString()));
        int code = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(line.toArray(String[]::new));
        assertTrue(code == Main.OK || code == Main.VIOLATED, "hitless " + line + " exited " + code + ": " + err);
        assertTrue(Files.isRegularFile(file), "hitless " + line + " wrote no page");
        return new Page(file, code);
    }

    private static void open(Path page) {
        driver.get(page.toUri().toString());
        new WebDriverWait(driver, Duration.ofMillis((long) HANG_BOUND_MS)).until(d -> "complete".equals(js("return document.readyState;")));
    }

    private static String body(String attribute) {
        return driver.findElement(By.tagName("body")).getDomAttribute(attribute);
    }

    private static WebElement cell(String format, String ordering, String reader, String from, String to) {
        return driver.findElement(By.cssSelector("table.grid[data-format='" + format + "'][data-ordering='" + ordering
                + "'][data-reader='" + reader + "'][data-format-default] td.cell[data-from='" + from + "'][data-to='" + to + "']"));
    }

    /** Cells the user can see (no display:none, no visibility:hidden, on them or around them), of one verdict or any. */
    private static int visibleCells(String verdict) {
        String selector = verdict == null ? "td.cell[data-verdict]" : "td.cell[data-verdict='" + verdict + "']";
        return ((Number) js("return Array.from(document.querySelectorAll(arguments[0]))"
                + ".filter(c => c.checkVisibility({visibilityProperty: true, checkVisibilityCSS: true})).length;",
                selector)).intValue();
    }

    private static List<String> attributes(String selector, String attribute) {
        return driver.findElements(By.cssSelector(selector)).stream().map(e -> e.getDomAttribute(attribute)).toList();
    }

    /** An SVG element's text as the DOM holds it (getText reports only what is rendered as HTML text). */
    private static String textContent(WebElement e) {
        return (String) js("return arguments[0].textContent;", e);
    }

    /** Memory as the reader sees it after k plan steps, k = 0..steps. */
    private static List<Entry> memoryAfterEachStep(Plan plan) {
        List<Entry> memory = new ArrayList<>(List.of(plan.current()));
        Entry e = plan.current();
        for (Step s : plan.steps()) {
            e = s.applyTo(e);
            memory.add(e);
        }
        return memory;
    }

    /** Severe browser-log entries: uncaught exceptions, console.error, resources that failed to load. */
    private static List<String> errors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(e.getMessage());
            }
        }
        Object hook = js("return window.__errors || [];");
        if (hook instanceof List<?> l) {
            l.forEach(x -> errors.add(String.valueOf(x)));
        }
        return errors;
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private static String version() {
        return "chromium " + driver.getCapabilities().getBrowserVersion();
    }

    private static String rounded(List<Double> ms) {
        return ms.stream().map(x -> String.valueOf(Math.round(x))).toList().toString();
    }

    /** Surefire runs in core/; the screenshot path is given relative to the repository top. */
    private static Path repositoryTop() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isRegularFile(here.resolve("../pom.xml")) && Files.isDirectory(here.resolve("../core"))
                ? here.getParent() : here;
    }
}
