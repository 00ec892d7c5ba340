package com.orbusdigital.oid.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real browser for OID's pages: Debian's chromium, headless, driven through Debian's
 * chromedriver. Both paths are given explicitly, so Selenium never runs Selenium Manager, which
 * would try to download a driver or a browser; other distributions set {@code -Doid.it.chromium}
 * and {@code -Doid.it.chromedriver}.
 */
public final class Browser implements AutoCloseable {

    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private Browser(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    public static Browser start() {
        // chromedriver listens on loopback only; a free port because the machine is shared
        int port = StandaloneTomcat.freePort();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(executable("oid.it.chromedriver", "/usr/bin/chromedriver", "chromium-driver").toFile())
                .usingPort(port)
                .withLogFile(Path.of("target", "chromedriver-" + port + ".log").toAbsolutePath().toFile())
                // the profile and the socket directory chromium leaves behind go where this JVM's
                // temporary files go: target/ in the test run, not the machine's /tmp
                .withEnvironment(Map.of("TMPDIR", System.getProperty("java.io.tmpdir")))
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(executable("oid.it.chromium", "/usr/bin/chromium", "chromium").toFile())
                .addArguments("--headless=new",
                        "--no-sandbox", // the tests run as root, where chromium's sandbox refuses to start
                        "--disable-dev-shm-usage", // /dev/shm may be small; /tmp is not
                        "--window-size=1280,900",
                        "--lang=en-US",
                        "--no-first-run",
                        "--no-default-browser-check",
                        "--disable-extensions");
        // a page that never finishes loading fails its test in seconds, not after Selenium's five minutes
        options.setPageLoadTimeout(Duration.ofSeconds(30));
        try {
            service.start();
            return new Browser(service, new ChromeDriver(service, options));
        } catch (IOException e) {
            service.stop();
            throw new UncheckedIOException("chromedriver did not start", e);
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    /** For what the methods below do not cover: finding elements, typing, clicking. */
    public WebDriver driver() {
        return driver;
    }

    /** Navigates and waits until the page (after any redirects) has loaded. */
    public void open(String url) {
        driver.get(url);
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    /** The visible part of the page as target/screenshots/{name}.png. */
    public Path screenshot(String name) {
        Path file = Path.of("target", "screenshots", name + ".png");
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The window size, e.g. a phone's width for a screenshot of the small-screen layout. */
    public void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }

    private static Path executable(String property, String debianPath, String debianPackage) {
        Path path = Path.of(System.getProperty(property, debianPath));
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(path + " is not an executable: install Debian's " + debianPackage
                    + " (.ci/run does) or point -D" + property + " at one");
        }
        return path;
    }
}
