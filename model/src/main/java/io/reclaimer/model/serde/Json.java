package io.reclaimer.model.serde;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON configuration of Reclaimer's events. Strict on read: unknown properties, missing
 * properties, nulls for primitives, numbers for enums and strings for numbers are all errors, because a
 * silently defaulted field (a CPU request read as 0) is worse than a dead letter. Properties come from
 * record components only (fields), never from helper methods such as {@code isAvailable()}.
 */
public final class Json {

    private static final ObjectMapper STRICT = configure(JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)).build();

    private static final ObjectMapper LENIENT_ABSENT = configure(JsonMapper.builder()).build();

    private Json() {
    }

    private static JsonMapper.Builder configure(JsonMapper.Builder builder) {
        JsonMapper.Builder configured = builder
                .addModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .visibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY)
                .annotationIntrospector(new AddedFields());
        configured.withCoercionConfig(LogicalType.Textual,
                c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail));
        return configured;
    }

    /**
     * Reads {@link AddedLater} parameters as optional: absent in the input, they are null instead of an error.
     * (Jackson's own optional injection, with an id per parameter so that several of one type can coexist.)
     */
    private static final class AddedFields extends com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector {
        @Override
        public com.fasterxml.jackson.annotation.JacksonInject.Value findInjectableValue(
                com.fasterxml.jackson.databind.introspect.AnnotatedMember member) {
            if (member.hasAnnotation(AddedLater.class)) {
                // only the creator's parameter: the record's field carries the annotation too, and an id by type
                // there would clash for two added components of one type
                return member instanceof com.fasterxml.jackson.databind.introspect.AnnotatedParameter parameter
                        ? com.fasterxml.jackson.annotation.JacksonInject.Value.construct(
                                parameter.getDeclaringClass().getName() + '#' + parameter.getIndex(), Boolean.TRUE, Boolean.TRUE)
                        : null;
            }
            return super.findInjectableValue(member);
        }
    }

    /** The mapper for everything that travels on a topic. */
    public static ObjectMapper mapper() {
        return STRICT;
    }

    /**
     * For files people write by hand (a finding to explain, a test case): like {@link #mapper()} but an
     * absent nullable property is read as null instead of being an error. Unknown properties still fail.
     */
    public static ObjectMapper forHandWrittenFiles() {
        return LENIENT_ABSENT;
    }
}
