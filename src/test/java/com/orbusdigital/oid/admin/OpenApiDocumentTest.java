package com.orbusdigital.oid.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.orbusdigital.oid.app.OidApplication;
import com.orbusdigital.oid.client.ClientSpec;
import com.orbusdigital.oid.federation.IdentityProviderSpec;
import com.orbusdigital.oid.web.AdminApi;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the hand-written openapi/admin.json true: the operations it lists are exactly the ones the
 * registered JAX-RS resources implement under /admin, with their path parameters, and each request
 * body lists exactly the fields the code accepts. Any change on either side without the other fails here.
 */
class OpenApiDocumentTest {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final Pattern TEMPLATE_PARAMETER = Pattern.compile("\\{\\s*([^}:\\s]+)\\s*(?::[^}]*)?}");

    /** issue 18, identity providers: written out as the rest are. */
    private static final Set<String> IDENTITY_PROVIDER_FIELDS = Set.of("alias", "display_name", "enabled", "issuer", "discovery",
            "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri", "client_id", "client_auth", "client_secret",
            "scopes", "claims", "role_mappings", "create_users", "link_by_email", "required", "trust_mfa", "domains");

    /**
     * The fields each body-reading operation accepts, read off the Fields(…, Set.of(…)) calls and
     * ClientSpec: written out here, not derived from the document, so that the document, this map
     * and the code must all change together.
     */
    private static final Map<String, Set<String>> BODY_FIELDS = Map.ofEntries(
            Map.entry("POST /admin/tenants", Set.of("slug", "name", "default_language", "mfa_policy")),
            Map.entry("PATCH /admin/tenants/{tenant}", Set.of("name", "enabled", "default_language", "mfa_policy", "display_name", "accent_color",
                    "profile_editable", "sign_up", "sign_up_domains")),
            Map.entry("POST /admin/tenants/{tenant}/clients", Set.of("client_id", "name", "type", "redirect_uris",
                    "post_logout_redirect_uris", "grant_types", "scopes", "enabled", "require_pkce",
                    "revoke_refresh_tokens_on_logout", "require_offline_access", "require_mfa", "require_passkey", "first_party",
                    "backchannel_logout_uri", "backchannel_logout_session_required")),
            Map.entry("PATCH /admin/tenants/{tenant}/clients/{client}", Set.of("name", "redirect_uris", "post_logout_redirect_uris",
                    "grant_types", "scopes", "enabled", "require_pkce", "revoke_refresh_tokens_on_logout",
                    "require_offline_access", "require_mfa", "require_passkey", "first_party",
                    "backchannel_logout_uri", "backchannel_logout_session_required")),
            Map.entry("POST /admin/tenants/{tenant}/users", withClaims("username", "email", "name", "password", "password_hash", "enabled")),
            Map.entry("PATCH /admin/tenants/{tenant}/users/{id}", withClaims("email", "email_verified", "name", "enabled")),
            Map.entry("PUT /admin/tenants/{tenant}/users/{id}/password", Set.of("password")),
            Map.entry("POST /admin/tenants/{tenant}/roles", Set.of("name", "description")),
            Map.entry("PATCH /admin/tenants/{tenant}/roles/{name}", Set.of("description")),
            // issue 17, invitations
            Map.entry("POST /admin/tenants/{tenant}/invitations", Set.of("email", "username", "name", "roles", "client_id", "redirect_uri", "locale",
                    "expires_in_days")),
            // issue 18, identity providers: the fields IdentityProviderSpec reads, on creation and change alike
            Map.entry("POST /admin/tenants/{tenant}/identity-providers", IDENTITY_PROVIDER_FIELDS),
            Map.entry("PATCH /admin/tenants/{tenant}/identity-providers/{provider}", IDENTITY_PROVIDER_FIELDS));

    /** issue 17, branding: the operations whose body is an image rather than JSON, and its media types. */
    private static final Map<String, Set<String>> IMAGE_BODIES = Map.of("PUT /admin/tenants/{tenant}/logo", Set.of("image/png", "image/jpeg"));

    /** A user's fields and the standard claims (issue 17), written out as the rest are. */
    private static Set<String> withClaims(String... fields) {
        Set<String> all = new java.util.HashSet<>(Set.of(fields));
        all.addAll(Set.of("given_name", "family_name", "middle_name", "nickname", "profile", "picture", "website", "gender", "birthdate",
                "zoneinfo", "locale", "phone_number", "phone_number_verified", "address"));
        return all;
    }

    private static String text;
    private static JsonNode document;

    @BeforeAll
    static void readDocument() throws IOException {
        try (InputStream in = OpenApiDocumentTest.class.getClassLoader().getResourceAsStream(OpenApiResource.DOCUMENT)) {
            assertThat(in).as(OpenApiResource.DOCUMENT + " on the classpath").isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        document = new ObjectMapper().readTree(text);
    }

    /** One JAX-RS resource method: "VERB /path/{param}" and the Java method behind it. */
    record Operation(String key, Method method) {}

    static Map<String, Operation> implemented() {
        Map<String, Operation> operations = new TreeMap<>();
        for (Class<?> type : new OidApplication().getClasses()) {
            Path classPath = type.getAnnotation(Path.class);
            if (classPath == null || !normalise(classPath.value()).startsWith("/admin")) {
                continue;
            }
            for (Method method : type.getMethods()) {
                String verb = httpMethod(method);
                if (verb == null) {
                    continue;
                }
                Path methodPath = method.getAnnotation(Path.class);
                String path = normalise(classPath.value() + (methodPath == null ? "" : "/" + methodPath.value()));
                String key = verb + " " + path;
                assertThat(operations.put(key, new Operation(key, method))).as("two methods answer " + key).isNull();
            }
        }
        return operations;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value().toUpperCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** "/admin/tenants/" + "{tenant: [a-z]+}/" → "/admin/tenants/{tenant}": JAX-RS allows what OpenAPI does not. */
    static String normalise(String template) {
        String path = ("/" + template).replaceAll("/+", "/");
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return TEMPLATE_PARAMETER.matcher(path).replaceAll("{$1}");
    }

    static Set<String> templateParameters(String path) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = TEMPLATE_PARAMETER.matcher(path);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    static Map<String, JsonNode> documented() {
        Map<String, JsonNode> operations = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<String> names = path.getValue().fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (HTTP_METHODS.contains(name)) {
                    operations.put(name.toUpperCase(Locale.ROOT) + " " + path.getKey(), path.getValue().get(name));
                }
            }
        }
        return operations;
    }

    /** Follows a local "$ref" ("#/components/…") to what it names. */
    static JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            String ref = current.get("$ref").asText();
            assertThat(ref).startsWith("#/");
            current = document.at(ref.substring(1));
            assertThat(current.isMissingNode()).as("unresolvable " + ref).isFalse();
        }
        return current;
    }

    @Test
    void theDocumentListsExactlyTheOperationsTheResourcesImplement() {
        Set<String> code = implemented().keySet();
        Set<String> doc = documented().keySet();

        assertThat(code).as("admin operations found in the code").isNotEmpty();
        assertThat(difference(code, doc)).as("implemented but not documented").isEmpty();
        assertThat(difference(doc, code)).as("documented but not implemented").isEmpty();
    }

    @Test
    void everyPathParameterOfATemplateIsDocumentedForItsOperation() {
        Map<String, JsonNode> doc = documented();
        for (Operation operation : implemented().values()) {
            String path = operation.key().substring(operation.key().indexOf(' ') + 1);
            Set<String> template = templateParameters(path);

            Set<String> bound = Arrays.stream(operation.method().getParameters())
                    .map(p -> p.getAnnotation(PathParam.class)).filter(p -> p != null).map(PathParam::value)
                    .collect(Collectors.toSet());
            assertThat(template).as("path parameters the Java method of " + operation.key() + " reads").containsAll(bound);

            JsonNode documentedOperation = doc.get(operation.key());
            if (documentedOperation == null) {
                continue; // an undocumented operation fails theDocumentListsExactlyTheOperationsTheResourcesImplement
            }
            JsonNode pathItem = document.path("paths").path(path);
            Set<String> documentedNames = new HashSet<>();
            for (JsonNode list : new JsonNode[] {pathItem.path("parameters"), documentedOperation.path("parameters")}) {
                for (JsonNode parameter : list) {
                    JsonNode resolved = resolve(parameter);
                    if (resolved.path("in").asText().equals("path")) {
                        assertThat(resolved.path("required").asBoolean()).as(operation.key() + " " + resolved.path("name")).isTrue();
                        documentedNames.add(resolved.path("name").asText());
                    }
                }
            }
            assertThat(documentedNames).as("documented path parameters of " + operation.key()).isEqualTo(template);
        }
    }

    @Test
    void everyRequestBodyListsExactlyTheFieldsTheCodeAccepts() {
        Map<String, JsonNode> doc = documented();
        // the resources read a body from an InputStream parameter; nothing else takes one
        Set<String> readingBody = implemented().values().stream()
                .filter(o -> Arrays.stream(o.method().getParameters()).map(Parameter::getType).anyMatch(InputStream.class::equals))
                .map(Operation::key).filter(key -> !IMAGE_BODIES.containsKey(key)).collect(Collectors.toCollection(TreeSet::new));
        Set<String> withBody = doc.entrySet().stream().filter(e -> e.getValue().has("requestBody"))
                .map(Map.Entry::getKey).filter(key -> !IMAGE_BODIES.containsKey(key)).collect(Collectors.toCollection(TreeSet::new));
        // issue 17, branding: an image body is documented with exactly the image types the code accepts
        IMAGE_BODIES.forEach((key, types) -> {
            assertThat(implemented().get(key)).as(key).isNotNull();
            assertThat(Arrays.stream(implemented().get(key).method().getParameters()).map(Parameter::getType))
                    .as(key + " reads a body").contains(InputStream.class);
            assertThat(new TreeSet<>(iterable(resolve(doc.get(key).get("requestBody")).path("content").fieldNames())))
                    .as(key + " media types").isEqualTo(new TreeSet<>(types));
        });

        assertThat(readingBody).as("operations whose code reads a body").isEqualTo(new TreeSet<>(BODY_FIELDS.keySet()));
        assertThat(withBody).as("operations documented with a body").isEqualTo(new TreeSet<>(BODY_FIELDS.keySet()));

        Map<String, Set<String>> documentedFields = new HashMap<>();
        for (String key : BODY_FIELDS.keySet()) {
            JsonNode body = resolve(doc.get(key).get("requestBody"));
            JsonNode content = body.path("content");
            assertThat(iterable(content.fieldNames())).as(key + " media types").containsExactly("application/json");
            JsonNode schema = resolve(content.path("application/json").path("schema"));
            assertThat(schema.path("type").asText()).as(key).isEqualTo("object");
            assertThat(schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").asBoolean())
                    .as(key + " additionalProperties:false (unknown fields are 400)").isTrue();
            Set<String> properties = new TreeSet<>(iterable(schema.path("properties").fieldNames()));
            for (JsonNode required : schema.path("required")) {
                assertThat(properties).as(key + " required").contains(required.asText());
            }
            documentedFields.put(key, properties);
        }
        assertThat(documentedFields).isEqualTo(BODY_FIELDS);
    }

    @Test
    void theClientFieldsOfTheTestAreThoseOfClientSpec() throws ReflectiveOperationException {
        // ClientSpec holds the client field lists as constants; read them so a change there shows up here too
        assertThat(constant(ClientSpec.class, "CREATE_FIELDS")).isEqualTo(BODY_FIELDS.get("POST /admin/tenants/{tenant}/clients"));
        assertThat(constant(ClientSpec.class, "UPDATE_FIELDS")).isEqualTo(BODY_FIELDS.get("PATCH /admin/tenants/{tenant}/clients/{client}"));
    }

    /** issue 18: likewise IdentityProviderSpec's one list, which creation and change share. */
    @Test
    void theIdentityProviderFieldsOfTheTestAreThoseOfIdentityProviderSpec() throws ReflectiveOperationException {
        assertThat(constant(IdentityProviderSpec.class, "FIELDS")).isEqualTo(IDENTITY_PROVIDER_FIELDS);
    }

    @Test
    void everyOperationButTheDocumentItselfNeedsTheBearerToken() {
        assertThat(document.path("security").toString()).isEqualTo("[{\"bearer\":[]}]");
        JsonNode scheme = document.path("components").path("securitySchemes").path("bearer");
        assertThat(scheme.path("type").asText()).isEqualTo("http");
        assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
        documented().forEach((key, operation) -> {
            Method method = implemented().get(key).method();
            boolean adminApi = method.getDeclaringClass().isAnnotationPresent(AdminApi.class) || method.isAnnotationPresent(AdminApi.class);
            // an empty security list means "no token"; absent means the global bearer requirement
            boolean documentedOpen = operation.has("security") && operation.get("security").isEmpty();
            assertThat(documentedOpen).as(key + " documented without a token").isEqualTo(!adminApi);
            if (adminApi) {
                assertThat(iterable(operation.path("responses").fieldNames())).as(key).contains("401", "403");
            }
        });
    }

    @Test
    void anOpenApiParserReadsTheDocumentWithoutMessages() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(text, null, options);

        assertThat(result.getMessages()).as("parser messages").isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(result.getOpenAPI().getInfo().getTitle()).isEqualTo("OID admin API");
        assertThat(result.getOpenAPI().getPaths()).hasSize(document.path("paths").size());
    }

    @Test
    void theDocumentIsServedAsItIsOnDisk() {
        assertThat(new String(OpenApiResource.read(), StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @SuppressWarnings("unchecked")
    private static Set<String> constant(Class<?> type, String name) throws ReflectiveOperationException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return (Set<String>) field.get(null);
    }

    private static <T> Set<T> difference(Set<T> a, Set<T> b) {
        Set<T> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }

    private static Set<String> iterable(Iterator<String> names) {
        Set<String> result = new LinkedHashSet<>();
        names.forEachRemaining(result::add);
        return result;
    }
}
