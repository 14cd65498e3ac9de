package io.reclaimer.model;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Every record on a Reclaimer topic. The JSON carries its schema name and version in the {@code schema}
 * property (for example {@code "schema": "usage-sample/v1"}); a reader rejects a schema it does not know
 * instead of guessing, and the record goes to the dead-letter topic.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "schema")
public interface Event {
}
