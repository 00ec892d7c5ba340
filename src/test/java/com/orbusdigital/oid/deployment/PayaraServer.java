package com.orbusdigital.oid.deployment;

import com.orbusdigital.oid.testing.StandaloneTomcat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Payara Server 6 (Jakarta EE 10) with oid-ee.war, as docs/servers/payara.md deploys it: a domain of
 * its own under target/ (a copy of the distribution's pristine domain1), the WAR in its autodeploy
 * directory (the WAR's glassfish-web.xml puts it at "/"), OID's settings in the environment of
 * {@code asadmin start-domain}, which the domain's JVM inherits. Before the first start every port
 * the domain opens is moved to a free one on 127.0.0.1 (HTTP, HTTPS, admin, IIOP, JMX, the OSGi
 * shell), what would listen on every interface and OID does not use is turned off (the JMS broker,
 * the Hazelcast data grid), and so are Payara's own MicroProfile endpoints: they answer /health and
 * /metrics inside the root webapp, in OID's place.
 */
public final class PayaraServer implements AppServer {

    private static final String DOMAIN = "oid";
    /** The config the domain's server runs with; domain1's others are templates for new instances. */
    private static final String SERVER_CONFIG = "/domain/configs/config[@name='server-config']";

    private final Path home;
    private final Path domains;
    /** Every port this domain opens, distinct: two free ports asked for one after the other may be the same. */
    private final Set<Integer> ports = new HashSet<>();
    private final int port = freePort();
    private final ServerProcess process;

    /** A domain under target/payara-{name}, holding {@code war} for autodeployment. */
    public PayaraServer(String name, Path war) throws Exception {
        this.home = ServerDirectories.distribution("payara.home");
        this.domains = Path.of("target", "payara-" + name).toAbsolutePath();
        StandaloneTomcat.deleteRecursively(domains);
        Files.createDirectories(domains);
        Path domain = domains.resolve(DOMAIN);
        ServerDirectories.copy(home.resolve("glassfish/domains/domain1"), domain);
        configure(domain.resolve("config/domain.xml"));
        Files.createDirectories(domain.resolve("autodeploy"));
        Files.copy(war, domain.resolve("autodeploy/oid.war"));
        this.process = new ServerProcess(domains.resolve("console.log"));
    }

    @Override
    public String name() {
        return "Payara " + System.getProperty("payara.version", "6");
    }

    @Override
    public int port() {
        return port;
    }

    /** {@code --verbose} keeps asadmin in the foreground with the domain's JVM as its child, writing to its console. */
    @Override
    public void start(Map<String, String> oidEnvironment) throws Exception {
        process.start(List.of(home.resolve("bin/asadmin").toString(), "start-domain", "--verbose",
                "--domaindir", domains.toString(), DOMAIN), domains, Map.of(), oidEnvironment);
    }

    /** SIGTERM to asadmin and the domain's JVM, waiting until both have ended. */
    @Override
    public void stop() throws Exception {
        process.stop();
    }

    /** The console, then the domain's server.log (the console shows only part of what the domain logs). */
    @Override
    public List<String> logLines() {
        return ServerDirectories.logLines(process, domains.resolve(DOMAIN).resolve("logs/server.log"));
    }

    private void configure(Path domainXml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        Document xml = factory.newDocumentBuilder().parse(domainXml.toFile());

        for (Element listener : elements(xml, SERVER_CONFIG + "/network-config/network-listeners/network-listener")) {
            listener.setAttribute("address", "127.0.0.1");
            listener.setAttribute("port", Integer.toString(
                    listener.getAttribute("name").equals("http-listener-1") ? port : freePort()));
        }
        for (Element listener : elements(xml, SERVER_CONFIG + "/iiop-service/iiop-listener")) {
            listener.setAttribute("address", "127.0.0.1");
            listener.setAttribute("port", Integer.toString(freePort()));
        }
        Element jmx = element(xml, SERVER_CONFIG + "/admin-service/jmx-connector");
        jmx.setAttribute("address", "127.0.0.1");
        jmx.setAttribute("port", Integer.toString(freePort()));
        // OID sends no JMS; the broker's lazy listener would bind every interface
        serverConfig(xml, "jms-service").setAttribute("type", "DISABLED");
        // a domain of one server needs no data grid; Hazelcast would listen on every interface
        serverConfig(xml, "hazelcast-config-specific-configuration").setAttribute("enabled", "false");

        Element java = element(xml, SERVER_CONFIG + "/java-config");
        for (Element option : elements(xml, SERVER_CONFIG + "/java-config/jvm-options")) {
            String value = option.getTextContent();
            if (value.startsWith("-Dosgi.shell.telnet.port=")) {
                option.setTextContent("-Dosgi.shell.telnet.port=" + freePort());
            } else if (value.startsWith("-Xmx")) {
                // the heap every server's JVM gets in the tests (as StandaloneTomcat gives Tomcat's)
                option.setTextContent("-Xmx256m");
            }
        }
        for (String option : List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")) {
            Element added = xml.createElement("jvm-options");
            added.setTextContent(option);
            java.appendChild(added);
        }

        // Payara maps these into the root webapp of each virtual server they list (all, when none is
        // listed), in OID's place; metrics and OpenAPI stay mapped when disabled, answering 403: only
        // the admin listener's virtual server keeps them
        for (String endpoint : List.of("microprofile-healthcheck-configuration", "microprofile-metrics-configuration",
                "microprofile-openapi-configuration")) {
            Element configuration = serverConfig(xml, endpoint);
            configuration.setAttribute("enabled", "false");
            configuration.setAttribute("virtual-servers", "__asadmin");
        }

        var transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        transformer.transform(new DOMSource(xml), new StreamResult(domainXml.toFile()));
    }

    private int freePort() {
        int free;
        do {
            free = StandaloneTomcat.freePort();
        } while (!ports.add(free));
        return free;
    }

    /** The server config's element {@code name}, added when domain.xml leaves it to its defaults. */
    private static Element serverConfig(Document xml, String name) throws Exception {
        List<Element> present = elements(xml, SERVER_CONFIG + "/" + name);
        return present.isEmpty() ? (Element) element(xml, SERVER_CONFIG).appendChild(xml.createElement(name)) : present.get(0);
    }

    private static List<Element> elements(Document xml, String path) throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(path, xml, XPathConstants.NODESET);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            found.add((Element) nodes.item(i));
        }
        return found;
    }

    private static Element element(Document xml, String path) throws Exception {
        Node node = (Node) XPathFactory.newInstance().newXPath().evaluate(path, xml, XPathConstants.NODE);
        if (node == null) {
            throw new IllegalStateException("Payara's domain.xml has no " + path);
        }
        return (Element) node;
    }
}
