package com.orbusdigital.oid.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import kafka.server.BrokerServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker in the test JVM: one combined KRaft node from Kafka's own test kit. Clients
 * reach it on {@code 127.0.0.1:<port>} through a listener of its own, so it can be stopped and
 * started again on the same address while OID's producer keeps running (the kit would otherwise
 * pick new random ports). Logs stay on disk across a stop, so records survive it.
 */
public final class TestKafka implements AutoCloseable {

    private static final String CLIENT_LISTENER = "CLIENT";

    private final int port;
    private final Path baseDir;
    private final String clusterId = Uuid.randomUuid().toString();
    private KafkaClusterTestKit kit;
    private boolean brokerStopped;

    public TestKafka(int port) throws Exception {
        this.port = port;
        this.baseDir = Files.createTempDirectory("oid-it-kafka-");
        this.kit = startKit();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Stops the broker (the controller stays up); the client port refuses connections until {@link #start()}. */
    public synchronized void stop() {
        if (!brokerStopped) {
            broker().shutdown();
            brokerStopped = true;
        }
    }

    public synchronized void start() throws Exception {
        if (brokerStopped) {
            broker().startup();
            kit.waitForReadyBrokers();
            brokerStopped = false;
        }
    }

    @Override
    public synchronized void close() throws Exception {
        try {
            if (kit != null) {
                kit.close();
            }
        } finally {
            kit = null;
            Utils.delete(baseDir.toFile());
        }
    }

    private BrokerServer broker() {
        return kit.brokers().values().iterator().next();
    }

    private KafkaClusterTestKit startKit() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBaseDirectory(baseDir)
                .setClusterId(clusterId)
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                .build();
        String broker = nodes.brokerListenerName().value();
        String controller = nodes.controllerListenerName().value();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(false);
        builder.setConfigProp("listeners", String.format("%s://localhost:0,%s://localhost:0,%s://127.0.0.1:%d",
                broker, controller, CLIENT_LISTENER, port));
        builder.setConfigProp("listener.security.protocol.map",
                String.format("%s:PLAINTEXT,%s:PLAINTEXT,%s:PLAINTEXT", broker, controller, CLIENT_LISTENER));
        Map<String, Object> props = new LinkedHashMap<>();
        // one node: internal topics cannot have the default replication factor of 3
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        // a restarted broker re-registers only once its old session expired (default 9 s)
        props.put("broker.session.timeout.ms", "2000");
        props.put("broker.heartbeat.interval.ms", "500");
        props.forEach(builder::setConfigProp);
        KafkaClusterTestKit started = builder.build();
        try {
            started.format();
            started.startup();
            started.waitForReadyBrokers();
            return started;
        } catch (Exception e) {
            started.close();
            throw e;
        }
    }
}
