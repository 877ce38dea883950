package dev.zoneledger.example;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Prints ZoneLedger's events as JSON lines, each once. Configured by the environment:
 * BROKERS (host:port,...), TOPIC (one or more, comma-separated) and GROUP_ID (the consumer group,
 * whose committed offsets say where a restart goes on). With {@code --until-end} it stops once it
 * has read every record its partitions held when it got them; otherwise it runs until stopped
 * (Ctrl-C or SIGTERM), then commits and leaves its group.
 */
public final class ZoneLedgerConsumer {
  private static final PrintStream OUT =
      new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  private final EventContracts contracts = new EventContracts();
  private final SeenEvents seen = new SeenEvents(100_000);

  public static void main(String[] args) {
    boolean untilEnd = Arrays.asList(args).contains("--until-end");
    List<String> topics = Arrays.asList(env("TOPIC", "zoneledger.zones.v1").split(","));

    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env("BROKERS", "127.0.0.1:9092"));
    config.put(ConsumerConfig.GROUP_ID_CONFIG, env("GROUP_ID", "example-zoneledger-consumer"));
    // A new group starts at the beginning of the topics (they keep every event): a rebuild.
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Offsets are committed by hand, after the records are handled: at least once.
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());

    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      Thread loop = Thread.currentThread();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    consumer.wakeup(); // ends the poll below with a WakeupException
                    try {
                      loop.join();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
      new ZoneLedgerConsumer().run(consumer, topics, untilEnd);
    } catch (WakeupException stopped) {
      // Stopped by a signal; closing the consumer leaves the group at once.
    }
  }

  void run(KafkaConsumer<String, byte[]> consumer, List<String> topics, boolean untilEnd) {
    consumer.subscribe(topics);
    while (true) {
      ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
      for (ConsumerRecord<String, byte[]> record : records) handle(record);
      // Handled, then committed: a crash in between makes a restart read them again.
      if (!records.isEmpty()) consumer.commitSync();
      if (untilEnd && readToEnd(consumer)) return;
    }
  }

  private void handle(ConsumerRecord<String, byte[]> record) {
    String id = header(record, "ce_id");
    String type = header(record, "ce_type");
    if (id == null || type == null) {
      skip(record, "not a CloudEvent (no ce_id or ce_type header)");
      return;
    }
    if (seen.contains(id)) {
      skip(record, "duplicate of ce_id " + id);
      return;
    }
    Optional<Descriptor> message = contracts.messageOf(type);
    if (message.isEmpty()) {
      // A type added to the contract after this build: skip it, don't fail.
      skip(record, "unknown ce_type " + type);
      return;
    }
    JsonObject event = new JsonObject();
    event.addProperty("id", id);
    event.addProperty("type", type);
    event.addProperty("subject", header(record, "ce_subject"));
    event.addProperty("time", header(record, "ce_time"));
    event.addProperty("key", record.key());
    event.addProperty("topic", record.topic());
    event.addProperty("partition", record.partition());
    event.addProperty("offset", record.offset());
    try {
      event.add("data", contracts.toJson(message.get(), record.value()));
    } catch (InvalidProtocolBufferException malformed) {
      // Never expected from ZoneLedger; a real consumer would park it (e.g. a dead-letter topic).
      skip(record, "data is not a " + type + ": " + malformed.getMessage());
      return;
    }
    OUT.println(GSON.toJson(event));
    seen.add(id);
  }

  /** True once this consumer has partitions and has read each up to its end as of now. */
  private static boolean readToEnd(KafkaConsumer<String, byte[]> consumer) {
    Set<TopicPartition> assigned = consumer.assignment();
    if (assigned.isEmpty()) return false;
    Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
    return assigned.stream().allMatch(partition -> consumer.position(partition) >= ends.get(partition));
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static void skip(ConsumerRecord<?, ?> record, String why) {
    System.err.printf(
        "skipped %s-%d@%d: %s%n", record.topic(), record.partition(), record.offset(), why);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
