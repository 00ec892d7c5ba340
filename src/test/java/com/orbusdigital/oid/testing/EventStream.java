package com.orbusdigital.oid.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads OID's event topic on the test broker from the start, with a group of its own. */
public final class EventStream {

    private EventStream() {}

    /** The first event with this record key and type whose JSON contains {@code containing}; fails after 60 s. */
    public static ConsumerRecord<String, String> await(String key, String type, String containing) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("oid.it.kafka.brokers"),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(TestInfrastructure.TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    seen.add(record.key());
                    if (key.equals(record.key()) && record.value().contains("\"type\":\"" + type + "\"")
                            && record.value().contains(containing)) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no " + type + " event for " + key + " containing " + containing + "; keys seen: " + seen);
    }
}
