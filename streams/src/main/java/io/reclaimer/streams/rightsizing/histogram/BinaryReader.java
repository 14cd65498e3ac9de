package io.reclaimer.streams.rightsizing.histogram;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Reads what {@link BinaryWriter} wrote; a truncated or corrupt input fails with {@link IllegalStateException}. */
public final class BinaryReader {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] data;
    private int position;

    public BinaryReader(byte[] data) {
        this(data, 0);
    }

    public BinaryReader(byte[] data, int offset) {
        this.data = data;
        this.position = offset;
    }

    public int readByte() {
        check(1);
        return data[position++] & 0xFF;
    }

    public long readVarLong() {
        long result = 0;
        int at = position;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at >= data.length) {
                position = at;
                check(1);
            }
            byte b = data[at++];
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                position = at;
                return result;
            }
        }
        position = at;
        throw new IllegalStateException("malformed varint at byte " + position);
    }

    public int readVarInt() {
        long value = readVarLong();
        if (value > 0xFFFFFFFFL) {
            throw new IllegalStateException("varint out of int range at byte " + position);
        }
        return (int) value;
    }

    public long readSignedVarLong() {
        long raw = readVarLong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    public double readDouble() {
        return Double.longBitsToDouble(readLong());
    }

    public long readLong() {
        check(8);
        long bits = (long) LONGS.get(data, position);
        position += 8;
        return bits;
    }

    public int readInt() {
        check(4);
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (data[position++] & 0xFF);
        }
        return value;
    }

    public boolean hasMore() {
        return position < data.length;
    }

    public int position() {
        return position;
    }

    private void check(int bytes) {
        if (position + bytes > data.length) {
            throw new IllegalStateException("truncated state: needed " + bytes + " more byte(s) at " + position
                    + " of " + data.length);
        }
    }
}
