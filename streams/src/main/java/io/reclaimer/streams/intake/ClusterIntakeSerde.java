package io.reclaimer.streams.intake;

import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Sixteen bytes: sample count and newest sample time in epoch milliseconds. State only, never on a topic. */
final class ClusterIntakeSerde implements Serde<ClusterIntake> {

    @Override
    public Serializer<ClusterIntake> serializer() {
        return (topic, value) -> value == null ? null
                : ByteBuffer.allocate(16).putLong(value.samples()).putLong(value.lastSampleAt().toEpochMilli()).array();
    }

    @Override
    public Deserializer<ClusterIntake> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return new ClusterIntake(buffer.getLong(), Instant.ofEpochMilli(buffer.getLong()));
        };
    }
}
