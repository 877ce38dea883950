package dev.zoneledger.example;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import java.util.Optional;
import zoneledger.assessment.v1.AssessmentEvents;
import zoneledger.notification.v1.NotificationEvents;
import zoneledger.policy.v1.PolicyEvents;
import zoneledger.zone.v1.ZoneEvents;

/**
 * The event messages of proto/, found by their full name: a record's {@code ce_type} is the full
 * name of the message its value holds (e.g. {@code zoneledger.zone.v1.ZoneRegistered}).
 */
final class EventContracts {
  private final TypeRegistry registry =
      TypeRegistry.newBuilder()
          .add(ZoneEvents.getDescriptor().getMessageTypes())
          .add(PolicyEvents.getDescriptor().getMessageTypes())
          .add(AssessmentEvents.getDescriptor().getMessageTypes())
          .add(NotificationEvents.getDescriptor().getMessageTypes())
          .build();

  // The proto JSON mapping, as ZoneLedger's event stores keep event data: lowerCamelCase names,
  // enum values by name, default values omitted. Fields this build does not know (added to the
  // contract later) stay in the message's unknown fields and are left out of the JSON.
  private final JsonFormat.Printer printer =
      JsonFormat.printer().usingTypeRegistry(registry).omittingInsignificantWhitespace();

  /** The message of an event type, or empty for a type this build does not know (yet). */
  Optional<Descriptor> messageOf(String ceType) {
    return Optional.ofNullable(registry.find(ceType));
  }

  /** Decodes a record's value (protobuf binary) into its proto JSON. */
  JsonElement toJson(Descriptor message, byte[] data) throws InvalidProtocolBufferException {
    return JsonParser.parseString(printer.print(DynamicMessage.parseFrom(message, data)));
  }
}
