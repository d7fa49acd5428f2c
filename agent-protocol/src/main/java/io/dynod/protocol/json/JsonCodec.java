package io.dynod.protocol.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.dynod.protocol.model.ConfigVars;
import io.dynod.protocol.model.InvalidInputException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.jackson.VertxModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The one JSON codec of the agent protocol (Jackson, as Vert.x ships it). Field names are
 * snake_case, instants ISO-8601 ({@code "updated_at":"2026-11-26T11:02:03Z"}), nulls left out
 * (except as map values, where a null unsets a config var).
 *
 * <p>Two ways to read, for the compatibility rule of {@code /v1} (additive changes only):
 * <ul>
 *   <li>{@link #decodeRequest} is strict: what the agent reads from a client must be exactly
 *       right, so malformed JSON, unknown fields, wrong types and bad names fail with an
 *       {@link InvalidInputException} naming the field;</li>
 *   <li>{@link #decodeResponse} is tolerant: a client reading an agent ignores fields and
 *       event types added later in {@code /v1}, so an older client keeps working.</li>
 * </ul>
 */
public final class JsonCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new VertxModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .withCoercionConfig(LogicalType.Textual, strings -> strings
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private static final ObjectMapper STRICT = MAPPER.copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE);

    private static final ObjectMapper TOLERANT = MAPPER.copy()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL);

    private static final TypeReference<Map<String, String>> CONFIG_VARS = new TypeReference<>() {};

    private JsonCodec() {}

    public static String encode(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public static Buffer encodeToBuffer(Object value) {
        return Buffer.buffer(encode(value));
    }

    /** Reads a client's request body, strictly; {@code what} names it in messages ("app settings"). */
    public static <T> T decodeRequest(String json, Class<T> type, String what) {
        return read(STRICT, json, STRICT.constructType(type), what);
    }

    public static <T> T decodeRequest(String json, TypeReference<T> type, String what) {
        return read(STRICT, json, STRICT.constructType(type), what);
    }

    public static <T> T decodeRequest(Buffer json, Class<T> type, String what) {
        return decodeRequest(json.toString(), type, what);
    }

    public static <T> T decodeRequest(Buffer json, TypeReference<T> type, String what) {
        return decodeRequest(json.toString(), type, what);
    }

    /** Reads a config var map ({@code PATCH /v1/apps/{app}/config-vars}): values are strings or null. */
    public static Map<String, String> decodeConfigVars(String json) {
        Map<String, String> vars = decodeRequest(json, CONFIG_VARS, "config vars");
        try {
            return ConfigVars.checked(vars);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("config vars: " + e.getMessage());
        }
    }

    /** Reads an agent's response, ignoring what a later {@code /v1} added; unknown event types read as null. */
    public static <T> T decodeResponse(String json, Class<T> type, String what) {
        return read(TOLERANT, json, TOLERANT.constructType(type), what);
    }

    public static <T> T decodeResponse(String json, TypeReference<T> type, String what) {
        return read(TOLERANT, json, TOLERANT.constructType(type), what);
    }

    private static <T> T read(ObjectMapper mapper, String json, JavaType type, String what) {
        if (json == null || json.isBlank()) {
            throw new InvalidInputException(what + ": body is empty, expected JSON");
        }
        ObjectReader reader = mapper.readerFor(type);
        try (JsonParser parser = mapper.createParser(json)) {
            return reader.readValue(parser);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(what + ": " + JsonErrors.describe(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
