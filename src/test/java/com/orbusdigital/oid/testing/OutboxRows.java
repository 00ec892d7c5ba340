package com.orbusdigital.oid.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The event outbox as the tests see it: its rows in PostgreSQL, and what reached the topic. */
public final class OutboxRows {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One row of event_outbox. */
    public record Row(long id, String eventId, String tenantId, String type, String payload, boolean published) {}

    private OutboxRows() {}

    /** OID's events in the outbox (types oid.*), in outbox order. */
    public static List<Row> rows(TestPostgres postgres) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection connection = postgres.connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT id, event_id, tenant_id, type, payload, published_at IS NOT NULL FROM event_outbox WHERE type LIKE 'oid.%' ORDER BY id");
             ResultSet result = query.executeQuery()) {
            while (result.next()) {
                rows.add(new Row(result.getLong(1), result.getString(2), result.getString(3), result.getString(4),
                        result.getString(5), result.getBoolean(6)));
            }
        }
        return rows;
    }

    /** Waits until every row is marked published. */
    public static void awaitAllPublished(TestPostgres postgres) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (rows(postgres).stream().allMatch(Row::published)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("events acknowledged by Kafka but not marked published: " + rows(postgres));
    }

    /**
     * Records of the outbox's types on {@code topic}, the first occurrence per CloudEvents id, in
     * arrival order (token events ignored); reads until {@code expected} distinct ones came, then
     * 2 s more, so an event that should not exist would show up.
     */
    public static Map<String, ConsumerRecord<String, String>> consumeDistinct(TestKafka kafka, String topic, int expected) throws Exception {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "outbox-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        Map<String, ConsumerRecord<String, String>> byId = new LinkedHashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            long settle = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settle)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(300))) {
                    JsonNode event = JSON.readTree(record.value());
                    if (!event.path("type").asText().startsWith("oid.token.")) {
                        byId.putIfAbsent(event.path("id").asText(), record);
                    }
                }
                if (byId.size() >= expected && settle == Long.MAX_VALUE) {
                    settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
        }
        return byId;
    }
}
