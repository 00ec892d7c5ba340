package com.orbusdigital.oid.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Browser;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.TestInfrastructure;
import com.orbusdigital.oid.testing.TestMail;
import com.orbusdigital.oid.testing.UserAgent;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Issue 17, item 8, the rest of it: a branded tenant's email (received by GreenMail: its logo by its
 * URL on OID, which serves that very image; the accent colour inline; the text form as before) and
 * its pages beyond the sign-in — the forgotten password's, and the error pages of a request whose
 * client OID knows — while a request naming an unknown client gets OID's own look. With the bad input
 * the issue lists that no other test sends: a line break in the address asked for, huge passwords.
 */
@OidIT
class BrandedMailIT {

    private static final Duration MAIL_WAIT = Duration.ofSeconds(30);
    private static final String DISPLAY_NAME = "Acme <Mail> & Co";
    private static final String ACCENT = "#c0392b";
    private static final Pattern FORGOT = Pattern.compile("href=\"([^\"]*password/forgot[^\"]*)\"");
    private static final Pattern IMAGE = Pattern.compile("<img src=\"([^\"]+)\"");
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One branded tenant for both methods, made by whichever runs first. */
    private static SignInScenario scenario;
    private static byte[] logo;

    private RunningOid oid;

    private synchronized SignInScenario branded() throws Exception {
        if (scenario == null) {
            SignInScenario made = SignInScenario.create(oid.root(), oid.issuer(), "https://app.example/callback", "public", "");
            String path = "admin/tenants/" + made.tenant;
            Http.Response patched = made.admin.patch(path, "{\"display_name\":\"Acme <Mail> & Co\",\"accent_color\":\"" + ACCENT + "\"}");
            assertThat(patched.status()).as(patched.body()).isEqualTo(200);
            logo = png();
            String token = AdminClient.clientCredentialsToken(oid.root(), TestInfrastructure.BOOTSTRAP_CLIENT_ID,
                    TestInfrastructure.BOOTSTRAP_CLIENT_SECRET);
            HttpResponse<String> uploaded = CLIENT.send(HttpRequest.newBuilder(oid.root().resolve(path + "/logo"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "image/png")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(logo)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
            scenario = made;
        }
        return scenario;
    }

    /** The look of the tenant on a page answered at /login/password/…: its colour's stylesheet and its logo, two levels up. */
    private static void assertBranded(Http.Response page, SignInScenario tenant) {
        assertThat(page.body()).contains("href=\"../../branding/accent/c0392b.css\"", "src=\"../../branding/" + tenant.tenantId + "/logo?v=",
                "<span>Acme &lt;Mail&gt; &amp; Co</span>");
    }

    @Test
    void theResetEmailOfABrandedTenantCarriesItsServedLogoAndColourAndItsResetPagesWearItsLook() throws Exception {
        SignInScenario tenant = branded();
        String email = tenant.username + "@example.com";
        String eve = "eve-" + tenant.username + "@example.com";
        UserAgent agent = new UserAgent();
        Http.Response login = agent.get(tenant.authorizeUri(tenant.authorizationRequest(SignInScenario.Pkce.create())));
        Matcher forgot = FORGOT.matcher(login.body());
        assertThat(forgot.find()).isTrue();
        Http.Response ask = agent.get(URI.create(forgot.group(1).replace("&amp;", "&")));
        assertThat(ask.status()).isEqualTo(200);
        assertBranded(ask, tenant);

        // a line break in the address asked for adds no header: the form is refused as malformed (a readable page,
        // whether or not the address has an account), and nothing is sent to anyone it names
        Http.Response injected = agent.submit(ask, Map.of("login", email + "\r\nBcc: " + eve));
        assertThat(injected.status()).isEqualTo(400);
        assertThat(injected.body()).contains("<h1>").doesNotContain("Exception", eve);
        Http.Response sent = agent.submit(ask, Map.of("login", email));
        assertThat(sent.status()).isEqualTo(200);
        assertBranded(sent, tenant);

        TestMail.Received received = TestInfrastructure.mail().awaitNth(email, 1, MAIL_WAIT);
        assertThat(received.subject()).isEqualTo("Reset your Acme <Mail> & Co password");
        // multipart: both forms; the HTML's one image is the logo, by its absolute URL (no cid: part), the colour inline
        assertThat(received.text()).contains(received.resetLink(), "Acme <Mail> & Co").doesNotContain("branding/", ACCENT);
        assertThat(received.html()).contains("alt=\"Acme &lt;Mail&gt; &amp; Co\"", "background-color: " + ACCENT + "; color: #fff;")
                .doesNotContain("cid:", "<style", "Acme <Mail>");
        Matcher image = IMAGE.matcher(received.html());
        assertThat(image.find()).isTrue();
        String logoUrl = image.group(1).replace("&amp;", "&");
        assertThat(logoUrl).startsWith(oid.issuer() + "/branding/" + tenant.tenantId + "/logo?v=");
        HttpResponse<byte[]> served = CLIENT.send(HttpRequest.newBuilder(URI.create(logoUrl)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(served.body()).isEqualTo(logo);

        // the link's page in the tenant's look; huge passwords are a readable refusal, and the link still works after
        Http.Response choose = agent.get(URI.create(received.resetLink()));
        assertThat(choose.status()).isEqualTo(200);
        assertBranded(choose, tenant);
        String huge = "quartz meadow ".repeat(1_400);
        Http.Response refused = agent.submit(choose, Map.of("new_password", huge, "confirm_password", huge));
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("role=\"alert\"").doesNotContain("Exception", "quartz meadow quartz");
        assertBranded(refused, tenant);
        Map<String, String> fields = new LinkedHashMap<>(UserAgent.hiddenFields(choose.body()));
        fields.put("token", "A".repeat(70_000));
        fields.put("new_password", "quartz meadow lantern harbour");
        fields.put("confirm_password", "quartz meadow lantern harbour");
        Http.Response hugeToken = agent.postForm(URI.create(UserAgent.formAction(choose.body())), fields);
        assertThat(hugeToken.status()).isEqualTo(400);
        // a link that names no live reset names no tenant either: OID's own look
        assertThat(hugeToken.body()).doesNotContain("branding/", "Acme").contains("class=\"mark\"");
        Http.Response done = agent.submit(choose, Map.of("new_password", "quartz meadow lantern harbour",
                "confirm_password", "quartz meadow lantern harbour"));
        assertThat(done.status()).as("back into the sign-in").isEqualTo(303);
        assertThat(TestInfrastructure.mail().to(eve)).isEmpty();
        assertThat(TestInfrastructure.mail().to(email)).hasSize(1);
    }

    @Test
    void inChromiumAKnownClientsBadRequestShowsItsTenantsLookAndAnUnknownClientsOidsOwn() throws Exception {
        SignInScenario tenant = branded();
        Map<String, String> badRedirect = tenant.authorizationRequest(SignInScenario.Pkce.create());
        badRedirect.put("redirect_uri", "https://evil.example/callback");
        Map<String, String> unknownClient = new LinkedHashMap<>(badRedirect);
        unknownClient.put("client_id", "no-such-client-" + tenant.username);
        try (Browser browser = Browser.start()) {
            WebDriver page = browser.driver();
            browser.open(tenant.authorizeUri(badRedirect).toString());
            assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Sign-in cannot continue");
            assertThat(page.findElement(By.cssSelector(".caption")).getText()).isEqualTo(DISPLAY_NAME);
            assertThat(page.findElements(By.cssSelector(".caption svg.mark"))).isEmpty();
            assertThat(((Number) ((JavascriptExecutor) page).executeScript("return arguments[0].complete ? arguments[0].naturalWidth : -1",
                    page.findElement(By.cssSelector(".caption img.logo")))).intValue()).as("the logo loads under the page's CSP").isEqualTo(120);
            assertThat(page.findElements(By.cssSelector("link[rel=stylesheet]"))).hasSize(2);
            assertThat(page.getPageSource()).doesNotContain("evil.example");
            browser.screenshot("error-branded");

            browser.open(tenant.authorizeUri(unknownClient).toString());
            assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Sign-in cannot continue");
            assertThat(page.findElement(By.cssSelector(".caption")).getText()).isEqualTo("OID");
            assertThat(page.findElements(By.cssSelector(".caption svg.mark"))).hasSize(1);
            assertThat(page.findElements(By.cssSelector("img.logo"))).isEmpty();
            assertThat(page.findElements(By.cssSelector("link[rel=stylesheet]"))).hasSize(1);
            assertThat(page.getPageSource()).doesNotContain("branding/", "Acme");
        }
        // a sign-out naming the known client with an address it did not register: its tenant's look too
        Http.Response logout = new UserAgent().get(URI.create(oid.issuer() + "/logout?client_id=" + tenant.clientId
                + "&post_logout_redirect_uri=https%3A%2F%2Fevil.example%2Fbye"));
        assertThat(logout.status()).isEqualTo(400);
        assertThat(logout.body()).contains("href=\"branding/accent/c0392b.css\"", "<span>Acme &lt;Mail&gt; &amp; Co</span>");
    }

    private static byte[] png() throws Exception {
        BufferedImage image = new BufferedImage(120, 40, BufferedImage.TYPE_BYTE_INDEXED);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(new Color(0xc0, 0x39, 0x2b));
        graphics.fillRect(0, 0, 120, 40);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
