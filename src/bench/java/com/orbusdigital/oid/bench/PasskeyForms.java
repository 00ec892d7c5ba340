package com.orbusdigital.oid.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.SoftwareAuthenticator;
import com.orbusdigital.oid.testing.UserAgent;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The passkey scenario's load ({@code LoadGenerator passkey-forms <n>}): the load generator is the
 * user's authenticator (a P-256 key in software), registered through OID's own pages — a sign-in
 * whose claims request asks for acr phr, the password, then the step that creates a passkey — and
 * then, for each of n browsers of their own, the login page opened, a challenge asked for as the
 * page's script does (POST /login/passkey/options) and answered with an assertion. The authenticator
 * (its key, credential id and the user handle) is kept in a file for the next run against the same OID. Each line is
 * what wrk (bench/wrk/login.lua) posts once: /login/passkey/sign-in, the browser's cookies, the form. The
 * assertions carry a signature counter of 0, as synced passkeys do, since wrk posts them in any order.
 */
final class PasskeyForms {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern OPTIONS = Pattern.compile("data-passkey-options=\"([^\"]*)\"");
    private static final byte FLAGS = SoftwareAuthenticator.UP | SoftwareAuthenticator.UV;
    private static final String PHR = "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"phr\"]}}}";

    private final SignIn signIn;
    private final Path saved;
    private SoftwareAuthenticator authenticator;
    private final String origin;
    private byte[] userHandle;
    private String rpId;

    /** @param saved where the authenticator is kept between runs (the warm-up's and the measured one's): made once, by registering */
    PasskeyForms(SignIn signIn, Path saved) {
        this.signIn = signIn;
        this.saved = saved;
        URI issuer = URI.create(signIn.issuer());
        this.origin = issuer.getScheme() + "://" + issuer.getHost() + (issuer.getPort() == -1 ? "" : ":" + issuer.getPort());
    }

    /** n lines, made by a few threads at once (each line is two requests and a signature). */
    void print(int count, PrintStream out) throws Exception {
        if (Files.exists(saved)) {
            load();
        } else {
            authenticator = new SoftwareAuthenticator();
            register();
            save();
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> lines = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                lines.add(threads.submit(this::form));
            }
            for (Future<String> line : lines) {
                out.println(line.get());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** The user's passkey, created at the step a phishing-resistant sign-in asks for. */
    private void register() throws IOException {
        UserAgent agent = new UserAgent();
        Map<String, String> request = signIn.request();
        request.put("claims", PHR);
        Http.Response step = signIn.login(agent, signIn.authorize(agent, request));
        Matcher options = OPTIONS.matcher(step.body());
        if (step.status() != 200 || !options.find()) {
            throw new IllegalStateException("no passkey to create after the password: " + step.status() + " " + step.body());
        }
        JsonNode creation = JSON.readTree(unescape(options.group(1)));
        rpId = creation.path("rp").path("id").asText();
        userHandle = Base64.getUrlDecoder().decode(creation.path("user").path("id").asText());
        String response = authenticator.register(rpId, origin, creation.path("challenge").asText(), FLAGS);
        Http.Response created = agent.submit(step, Map.of("credential", response, "name", "bench"));
        if (created.status() == 200 && created.body().contains("id=\"recovery-codes\"")) {
            // a factor set up during a sign-in shows the user's first recovery codes before going on to the application
            created = agent.submit(created, Map.of());
        }
        if (SignIn.code(created) == null) {
            throw new IllegalStateException("the passkey was not created: " + created.status() + " " + created.body());
        }
    }

    private void save() throws IOException {
        try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(saved))) {
            out.writeObject(authenticator.keyPair());
            out.writeObject(authenticator.credentialId());
            out.writeObject(userHandle);
            out.writeObject(rpId);
        }
    }

    private void load() throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(saved))) {
            authenticator = new SoftwareAuthenticator((KeyPair) in.readObject(), (byte[]) in.readObject());
            userHandle = (byte[]) in.readObject();
            rpId = (String) in.readObject();
        }
    }

    /** A login page of its own, a challenge for it, the assertion: the line wrk posts. */
    private String form() throws IOException {
        UserAgent agent = new UserAgent();
        Http.Response page = signIn.authorize(agent, signIn.request());
        Map<String, String> fields = new java.util.LinkedHashMap<>(UserAgent.hiddenFields(page.body()));
        Http.Response options = agent.postForm(URI.create(signIn.issuer() + "/login/passkey/options"), fields);
        if (options.status() != 200) {
            throw new IllegalStateException("no passkey options: " + options.status() + " " + options.body());
        }
        String challenge = options.json().path("challenge").asText();
        String assertion;
        synchronized (authenticator) {
            authenticator.counter(-1); // the next assertion says 0: no counter
            assertion = authenticator.authenticate(rpId, origin, challenge, FLAGS, Optional.of(userHandle));
        }
        fields.put("credential", assertion);
        return "/login/passkey/sign-in\t" + agent.cookieHeader() + "\t" + UserAgent.encode(fields);
    }

    private static String unescape(String attribute) {
        return attribute.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
