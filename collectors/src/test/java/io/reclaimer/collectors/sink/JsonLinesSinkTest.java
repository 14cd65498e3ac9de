package io.reclaimer.collectors.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.UsageSample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonLinesSinkTest {

    @Test
    void printsOneLinePerEventWithTopicKeyAndTheValueKafkaWouldCarry() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Topics topics = Topics.defaults();
        try (JsonLinesSink sink = new JsonLinesSink(new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            ContainerRef ref = new ContainerRef("c1", "ns", "Deployment", "web", "app");
            sink.emit(topics.usageSamples(), ref.key(), new UsageSample(ref, "web-1", Instant.EPOCH, 0.5, 10));
            sink.emit(topics.workloads(), ref.key(), null);
        }
        String[] lines = JsonLinesSink.utf8(bytes.toByteArray()).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("{\"topic\":\"reclaimer.usage.samples\",\"key\":\"c1/ns/Deployment/web/app\","
                + "\"value\":{\"schema\":\"usage-sample/v1\"");
        assertThat(lines[1]).isEqualTo("{\"topic\":\"reclaimer.k8s.workloads\",\"key\":\"c1/ns/Deployment/web/app\",\"value\":null}");
    }
}
