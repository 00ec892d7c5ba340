package com.orbusdigital.oid.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the integration tests' event topic from the beginning, as a fresh consumer group. */
public final class TopicReader {

    private TopicReader() {}

    /**
     * The matching records, once {@code count} have arrived and a short settling time has passed
     * (to catch any extra, invented one), or whatever arrived within a minute.
     */
    public static List<ConsumerRecord<String, String>> read(Predicate<ConsumerRecord<String, String>> matching, int count) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("oid.it.kafka.brokers"),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(TestInfrastructure.TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long settled = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settled)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(300))) {
                    if (matching.test(record)) {
                        found.add(record);
                    }
                }
                if (found.size() >= count && settled == Long.MAX_VALUE) {
                    settled = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
        }
        return found;
    }
}
