package io.reclaimer.streams.usage;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary form of {@link OpenHours}: it is read and written once per usage sample, the hottest path of the
 * analysis, where JSON would cost more than everything else. State only, never on a catalog topic; the
 * leading version byte lets a later layout coexist with this one.
 */
final class OpenHoursSerde implements Serde<OpenHours> {

    private static final byte VERSION = 1;

    @Override
    public Serializer<OpenHours> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            int size = 1 + 8 + 4;
            for (OpenHours.Sums sums : value.open().values()) {
                size += 8 + 8 + 8 + 4 + 4 + 2 * sums.instants().size();
            }
            ByteBuffer out = ByteBuffer.allocate(size);
            out.put(VERSION);
            out.putLong(value.closedBefore() == null ? Long.MIN_VALUE : value.closedBefore().getEpochSecond());
            out.putInt(value.open().size());
            value.open().forEach((hour, sums) -> {
                out.putLong(hour.getEpochSecond());
                out.putDouble(sums.cpu());
                out.putDouble(sums.memory());
                out.putInt(sums.samples());
                out.putInt(sums.instants().size());
                for (long instant : sums.instants()) {
                    out.putShort((short) (instant - hour.getEpochSecond())); // seconds into the hour: < 3600
                }
            });
            return out.array();
        };
    }

    @Override
    public Deserializer<OpenHours> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte version = in.get();
            if (version != VERSION) {
                throw new IllegalStateException("unknown hourly usage state version " + version);
            }
            long closed = in.getLong();
            int hours = in.getInt();
            Map<Instant, OpenHours.Sums> open = new TreeMap<>();
            for (int h = 0; h < hours; h++) {
                long hour = in.getLong();
                double cpu = in.getDouble();
                double memory = in.getDouble();
                int samples = in.getInt();
                int count = in.getInt();
                List<Long> instants = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    instants.add(hour + in.getShort());
                }
                open.put(Instant.ofEpochSecond(hour), new OpenHours.Sums(cpu, memory, samples, instants));
            }
            return new OpenHours(closed == Long.MIN_VALUE ? null : Instant.ofEpochSecond(closed), open);
        };
    }
}
