package io.reclaimer.streams.rightsizing.histogram;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** A growable byte buffer with LEB128 varints and raw doubles: the compact state encoding's primitives. */
public final class BinaryWriter {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buffer;
    private int size;

    public BinaryWriter(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    public BinaryWriter writeByte(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    /** Unsigned LEB128; negative values take ten bytes, use {@link #writeSignedVarLong} for them. */
    public BinaryWriter writeVarLong(long value) {
        ensure(10);
        // locals, not the fields, in the loop: every state encoding writes dozens of these
        byte[] b = buffer;
        int at = size;
        while ((value & ~0x7FL) != 0) {
            b[at++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        b[at++] = (byte) value;
        size = at;
        return this;
    }

    public BinaryWriter writeVarInt(int value) {
        return writeVarLong(value & 0xFFFFFFFFL);
    }

    /** ZigZag then LEB128: small magnitudes of either sign stay short. */
    public BinaryWriter writeSignedVarLong(long value) {
        return writeVarLong((value << 1) ^ (value >> 63));
    }

    public BinaryWriter writeDouble(double value) {
        return writeLong(Double.doubleToRawLongBits(value));
    }

    public BinaryWriter writeInt(int value) {
        ensure(4);
        INTS.set(buffer, size, value);
        size += 4;
        return this;
    }

    public BinaryWriter writeLong(long value) {
        ensure(8);
        LONGS.set(buffer, size, value);
        size += 8;
        return this;
    }

    /** Overwrites two bytes already written (a count known only afterwards). */
    public BinaryWriter putShort(int at, int value) {
        if (at < 0 || at + 2 > size || value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("cannot put " + value + " at " + at);
        }
        buffer[at] = (byte) (value >>> 8);
        buffer[at + 1] = (byte) value;
        return this;
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    public void reset() {
        size = 0;
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
