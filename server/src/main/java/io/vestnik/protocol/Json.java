package io.vestnik.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;

/**
 * The one JSON mapping of the wire: snake_case names, ISO-8601 UTC times, no coercion of
 * strings to numbers (a wrong type is the client's error, not a guess), unknown fields ignored.
 */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .withCoercionConfigDefaults(config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .build();

    private Json() {}

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] writeBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a client's JSON, turning every kind of bad input into a {@link Problem} that says what is wrong. */
    public static <T> T read(byte[] json, Class<T> type) {
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) throw Problem.of(ErrorCode.INVALID_JSON, "The body must be a JSON object.");
            return value;
        } catch (InvalidTypeIdException e) {
            throw Problem.of(ErrorCode.UNKNOWN_TYPE, "Unknown or missing frame type" + typeIdOf(e) + ".");
        } catch (MismatchedInputException e) {
            if (e.getOriginalMessage().startsWith("Trailing token")) {
                throw Problem.of(ErrorCode.INVALID_JSON, "Malformed JSON: more than one value in the body.");
            }
            throw Problem.invalid(describe(e));
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof InputCoercionException || e instanceof InputCoercionException) {
                throw Problem.invalid("Field '" + fieldOf(e) + "' is out of range.");
            }
            throw Problem.of(ErrorCode.INVALID_JSON, "Malformed JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw Problem.of(ErrorCode.INVALID_JSON, "Unreadable body.");
        }
    }

    private static String fieldOf(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return mapping.getPath().getLast().getFieldName();
        }
        if (e.getProcessor() instanceof JsonParser parser && parser.getParsingContext().getCurrentName() != null) {
            return parser.getParsingContext().getCurrentName();
        }
        return "?";
    }

    private static String typeIdOf(InvalidTypeIdException e) {
        return e.getTypeId() == null ? "" : " '" + e.getTypeId() + "'";
    }

    private static String describe(MismatchedInputException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        String expected = e.getTargetType() == null ? "another type" : simpleTypeName(e.getTargetType());
        return path.isEmpty()
                ? "The body must be a JSON object."
                : "Field '" + path + "' must be " + expected + ".";
    }

    private static String simpleTypeName(Class<?> type) {
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) return "an integer";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (type == String.class) return "a string";
        if (java.util.Collection.class.isAssignableFrom(type)) return "an array";
        if (java.util.Map.class.isAssignableFrom(type)) return "an object";
        return "an object";
    }
}
