package io.reclaimer.actions.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proof that a record of the action topics was written by the actions service: every record its journal writes
 * carries a unique record id and an HMAC-SHA256 tag over topic, record id, key and value, computed with a key only
 * the service holds ({@code actions.integrityKeyFile}). Whoever else can write to those topics (a leaked credential,
 * a too-wide ACL) cannot produce a valid tag, and a copy of a genuine record is recognised by its repeated id; the
 * ledger refuses both (see {@link LedgerLoader}), so a forged request, approval or result is never acted on.
 */
public final class RecordIntegrity {

    public static final String RECORD_ID = "reclaimer.record-id";
    public static final String TAG = "reclaimer.hmac";

    private static final Logger LOG = LoggerFactory.getLogger(RecordIntegrity.class);
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MIN_KEY_BYTES = 32;

    private final SecretKeySpec key;

    public RecordIntegrity(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the integrity key must have at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    /**
     * The key in {@code file}; a missing file is created with a random 256-bit key readable by its owner only (the
     * default for a single machine; a deployment mounts the same secret into every actions and rollback process).
     */
    public static RecordIntegrity fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return new RecordIntegrity(Files.readAllBytes(file));
        } catch (IOException e) {
            // the path is configuration, not a secret: it may be named
            throw new IllegalArgumentException("actions.integrityKeyFile: cannot read " + file + " ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        try {
            createOwnerOnly(file);
        } catch (FileAlreadyExistsException raced) {
            return;
        }
        Files.write(file, bytes, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        LOG.warn("created a new action integrity key in {}: records of the action topics written with another key "
                + "will be refused; mount the same key file into every actions and rollback process", file);
    }

    /**
     * Creates the file readable by its owner only from the first byte (no moment where another user could read the
     * key); on a file system without POSIX permissions the directory's permissions are all there is.
     */
    private static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException withoutPosixAttributes) {
            Files.createFile(file);
        }
    }

    /** The headers of a record the journal writes: a fresh record id and its tag. */
    public Headers sign(String topic, byte[] recordKey, byte[] value) {
        byte[] id = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders();
        headers.add(RECORD_ID, id);
        headers.add(TAG, tag(topic, id, recordKey, value));
        return headers;
    }

    /**
     * Why {@code record} must not be believed, or empty when it carries a valid tag under an id not seen before
     * ({@code seenIds} collects the ids of the records accepted so far).
     */
    public Optional<String> refusal(ConsumerRecord<byte[], byte[]> record, Set<String> seenIds) {
        Header id = record.headers().lastHeader(RECORD_ID);
        Header tag = record.headers().lastHeader(TAG);
        if (id == null || tag == null) {
            return Optional.of("no integrity tag: not written by the actions service");
        }
        byte[] expected = tag(record.topic(), id.value(), record.key(), record.value());
        if (!MessageDigest.isEqual(expected, tag.value())) {
            return Optional.of("integrity tag does not match: forged or altered");
        }
        if (!seenIds.add(new String(id.value(), StandardCharsets.UTF_8))) {
            return Optional.of("record id seen before: a replayed copy");
        }
        return Optional.empty();
    }

    private byte[] tag(String topic, byte[] id, byte[] recordKey, byte[] value) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            // length-prefixed fields: no two different records can share an input
            for (byte[] field : new byte[][] {topic.getBytes(StandardCharsets.UTF_8), id, recordKey, value}) {
                byte[] bytes = field == null ? new byte[0] : field;
                mac.update(ByteBuffer.allocate(4).putInt(field == null ? -1 : bytes.length).array());
                mac.update(bytes);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "RecordIntegrity[key=[redacted]]";
    }
}
