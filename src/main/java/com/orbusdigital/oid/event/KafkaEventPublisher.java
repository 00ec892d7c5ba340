package com.orbusdigital.oid.event;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes to Kafka from a thread of its own. {@code KafkaProducer.send} can block for up to
 * max.block.ms while the broker is unreachable, so the request thread only offers the event to a
 * bounded queue and never waits.
 */
public final class KafkaEventPublisher implements EventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventPublisher.class);
    static final int QUEUE_CAPACITY = 10_000;

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final BlockingQueue<CloudEvent> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread sender;
    private volatile boolean running = true;

    public KafkaEventPublisher(String bootstrapServers, String topic) {
        this(new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "oid",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                // Kafka 4's default "rebootstrap" forgets topic metadata when the only broker goes
                // away, and send() then fails after max.block.ms instead of buffering until it is back
                CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, "none"),
                new StringSerializer(), new ByteArraySerializer()), topic);
    }

    KafkaEventPublisher(Producer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
        this.sender = new Thread(this::sendLoop, "oid-events-kafka");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    @Override
    public void publish(CloudEvent event) {
        if (!queue.offer(event)) {
            long count = dropped.incrementAndGet();
            if (Long.bitCount(count) == 1) { // 1, 2, 4, 8, …: visible without flooding the log
                LOG.warn("Event queue full ({} events): dropped {} event(s) so far, latest {}", QUEUE_CAPACITY, count, event.type());
            }
        }
    }

    private void sendLoop() {
        while (running || !queue.isEmpty()) {
            CloudEvent event;
            try {
                event = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (event == null) {
                continue;
            }
            try {
                producer.send(record(event.tenantId(), Events.toJson(event)), (metadata, error) -> {
                    if (error != null) {
                        long count = failed.incrementAndGet();
                        if (Long.bitCount(count) == 1) {
                            LOG.warn("Kafka did not accept event {} ({}): {} failure(s) so far", event.type(), error.getClass().getSimpleName(), count);
                        }
                    }
                });
            } catch (RuntimeException e) {
                long count = failed.incrementAndGet();
                if (Long.bitCount(count) == 1) {
                    LOG.warn("Could not hand event {} to Kafka ({}): {} failure(s) so far", event.type(), e.getClass().getSimpleName(), count);
                }
            }
        }
    }

    /**
     * Waits for the broker's acknowledgement. While the broker has never been reached, send() itself
     * may first block for up to max.block.ms (60 s) waiting for the topic's metadata; the outbox
     * relay, the only caller, has a thread of its own and simply retries.
     */
    @Override
    public void publishAndWait(SerializedEvent event, Duration timeout) throws Exception {
        producer.send(record(event.tenantId(), event.bytes())).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Structured-mode CloudEvent (Kafka protocol binding), keyed by tenant so one tenant's events stay in order. */
    private ProducerRecord<String, byte[]> record(String tenantId, byte[] json) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, tenantId, json);
        record.headers().add("content-type", CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    @Override
    public long dropped() {
        return dropped.get() + failed.get();
    }

    @Override
    public void close() {
        running = false;
        try {
            sender.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
