package io.dynod.supervisor.state;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads and writes one JSON state file atomically: the new content goes to a temp file in the
 * same directory, is fsynced, and renamed over the old one; then the directory is fsynced. A
 * crash at any point leaves either the old or the new file, never a mix. The version replaced by
 * the last write stays at {@code <file>.prev} (a hard link), the documented way back when a file
 * is damaged by something outside the agent.
 */
public final class StateStore {
    public static final String PREVIOUS_SUFFIX = ".prev";

    private final ObjectMapper mapper;

    public StateStore() {
        SimpleModule times = new SimpleModule("dynod-instants");
        times.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.toString());
            }
        });
        times.addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                try {
                    return Instant.parse(p.getValueAsString());
                } catch (DateTimeParseException | NullPointerException e) {
                    return (Instant) ctxt.handleWeirdStringValue(Instant.class, p.getValueAsString(),
                            "expected an ISO-8601 instant such as 2026-11-26T11:02:03Z");
                }
            }
        });
        this.mapper = new ObjectMapper()
                .registerModule(times)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public synchronized <T> void write(Path file, T value) throws IOException {
        byte[] json = mapper.writeValueAsBytes(value);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve("." + file.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(json);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            keepPrevious(file);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        fsyncDirectory(dir);
    }

    /** The file's content, empty when there is no file; a damaged file is an error, never "empty". */
    public <T> Optional<T> read(Path file, Class<T> type) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (bytes.length == 0) {
            throw corrupt(file, "it is empty (a truncated write?)", null);
        }
        try {
            return Optional.of(mapper.readValue(bytes, type));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw corrupt(file, e.getOriginalMessage() + where, e);
        }
    }

    /** Removes the file (and its previous version) and makes the removal durable. */
    public synchronized void delete(Path file) throws IOException {
        boolean removed = Files.deleteIfExists(file);
        removed |= Files.deleteIfExists(previousOf(file));
        if (removed) {
            fsyncDirectory(file.toAbsolutePath().getParent());
        }
    }

    public static Path previousOf(Path file) {
        return file.resolveSibling(file.getFileName() + PREVIOUS_SUFFIX);
    }

    /** The error for a damaged {@code file}, pointing at its previous version when one is kept. */
    static CorruptStateFileException corrupt(Path file, String problem, Throwable cause) {
        Path previous = previousOf(file);
        return new CorruptStateFileException(file, problem, Files.exists(previous) ? previous : null, cause);
    }

    private static void keepPrevious(Path file) throws IOException {
        Path previous = previousOf(file);
        Files.deleteIfExists(previous);
        try {
            Files.createLink(previous, file);
        } catch (NoSuchFileException e) {
            // first write: nothing to keep
        }
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
