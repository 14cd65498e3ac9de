package io.reclaimer.model.serde;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.OptBoolean;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A record component added to a schema after records of that version were written. Such records lack it,
 * and {@link Json#mapper()} otherwise refuses a missing property: here, and only here, absent reads as null
 * and the record's constructor says what null means (unknown uid, no identity recorded...). Everything else
 * stays strict, so a new component is either marked and given a meaning when absent, or is a new version.
 *
 * <p>Readers must be deployed before writers: an older reader does not know the property and refuses it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@JacksonAnnotationsInside
@JacksonInject(useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
public @interface AddedLater {

    /** When and why it was added, for the reader of the record. */
    String value();
}
