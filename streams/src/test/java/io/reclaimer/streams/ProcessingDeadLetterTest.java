package io.reclaimer.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.deadletter.DeadLetter;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.UsageSample;
import io.reclaimer.streams.support.Driver;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** A record whose processing throws becomes a dead letter (DeadLetterProcessingHandler) and the next one is processed. */
class ProcessingDeadLetterTest {

    private static final Topics TOPICS = Topics.namespace("processing");
    private static final ContainerRef WEB = new ContainerRef("prod", "shop", "Deployment", "web", "app");

    @Test
    void aRecordWhoseProcessingThrowsIsADeadLetterWithItsSourceAndTheNextRecordIsProcessed() {
        try (Driver driver = new Driver(topology(), TOPICS)) {
            driver.pipe(TOPICS.usageSamples(), WEB.key(), sample(0.2));
            driver.pipe(TOPICS.usageSamples(), WEB.key(), sample(7.0));
            driver.pipe(TOPICS.usageSamples(), WEB.key(), sample(0.3));

            List<TestRecord<String, String>> out = driver.raw().createOutputTopic("processing.out",
                    Serdes.String().deserializer(), Serdes.String().deserializer()).readRecordsToList();
            assertThat(out).extracting(TestRecord::value).containsExactly("0.2", "0.3");
            List<TestRecord<String, DeadLetter>> letters = driver.records(TOPICS.deadLetters());
            assertThat(letters).hasSize(1);
            DeadLetter letter = letters.get(0).value();
            assertThat(letter.sourceTopic()).isEqualTo(TOPICS.usageSamples().name());
            assertThat(letter.sourceOffset()).isEqualTo(1);
            assertThat(letter.sourcePartition()).isZero();
            assertThat(letter.stage()).isEqualTo("test/picky");
            assertThat(letter.reason()).isEqualTo("no container uses 7.0 cores");
            assertThat(letter.errorClass()).isEqualTo(IllegalStateException.class.getName());
            assertThat(letter.key()).isEqualTo(WEB.key());
            assertThat(letter.value()).contains("\"cpuCores\":7.0");
            assertThat(letters.get(0).key()).isEqualTo(WEB.key());
        }
    }

    private static Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        new AnalysisInputs(builder, TOPICS).usage()
                .process(Picky::new, Named.as("picky"))
                .to("processing.out", Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    private static UsageSample sample(double cpu) {
        return new UsageSample(WEB, "web-1", Instant.parse("2026-11-01T10:00:00Z"), cpu, 100L << 20);
    }

    private static final class Picky implements Processor<String, UsageSample, String, String> {
        private ProcessorContext<String, String> context;

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, UsageSample> record) {
            if (record.value().cpuCores() > 4) {
                throw new IllegalStateException("no container uses " + record.value().cpuCores() + " cores");
            }
            context.forward(record.withValue(Double.toString(record.value().cpuCores())));
        }
    }

}
