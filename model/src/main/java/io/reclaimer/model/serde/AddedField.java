package io.reclaimer.model.serde;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A record component added to an event after its schema version was published: records written before it
 * existed do not carry it, and read as {@code null} for it (the compact constructor then picks the default
 * that describes them). Every other component stays required: {@link Json#mapper()} still refuses a record
 * with a missing original field. This is the backward-compatible way to grow a schema without a new version
 * name (docs/development.md, "Events"); a change of meaning or a removal still needs one.
 *
 * <p>Put on the record component; it lands on the canonical constructor's parameter, where {@link Json}'s
 * mapper reads it (as an optional injectable that takes the input's value when there is one).
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface AddedField {
}
