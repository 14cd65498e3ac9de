package io.reclaimer.model.deadletter;

import io.reclaimer.model.topics.Topics;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Where a Streams exception handler's dead letters go, read from the config Streams hands over: the stage is the
 * application id, the topic the catalog namespace's dead-letter topic.
 */
record DeadLetterDestination(String stage, Topics topics) {

    static final DeadLetterDestination DEFAULT = new DeadLetterDestination("streams", Topics.defaults());

    static DeadLetterDestination of(Map<String, ?> configs) {
        Object applicationId = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        Object namespace = configs.get(Topics.NAMESPACE_CONFIG);
        return new DeadLetterDestination(applicationId != null ? applicationId.toString() : DEFAULT.stage(),
                namespace != null ? Topics.namespace(namespace.toString()) : DEFAULT.topics());
    }
}
