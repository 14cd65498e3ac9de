package io.reclaimer.reports;

import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.kubernetes.KubernetesObject;
import io.reclaimer.model.kubernetes.NamespaceInfo;
import io.reclaimer.model.topics.CompactedTopicReader;
import io.reclaimer.model.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the report's state from Kafka: the latest recommendation per container, the open findings, the
 * namespaces (for owners and teams) from the Kubernetes inventory, and the latest request and result per
 * action. Compacted topics hold the current state; the action topics keep 90 days, enough for a week.
 */
public final class KafkaReportSource implements ReportSource {

    private final KafkaClientSettings kafka;
    private final Topics topics;
    private final Duration timeout;

    public KafkaReportSource(KafkaClientSettings kafka, Topics topics, Duration timeout) {
        this.kafka = kafka;
        this.topics = topics;
        this.timeout = timeout;
    }

    @Override
    public ReportInputs load() {
        List<NamespaceInfo> namespaces = new ArrayList<>();
        for (KubernetesObject object : read(topics.kubernetesInventory())) {
            if (object instanceof NamespaceInfo ns) {
                namespaces.add(ns);
            }
        }
        return new ReportInputs(read(topics.recommendations()), read(topics.findings()), namespaces,
                read(topics.actionRequests()), read(topics.actionResults()));
    }

    private <V> List<V> read(io.reclaimer.model.topics.TopicSpec<String, V> topic) {
        return new ArrayList<>(CompactedTopicReader.readAll(kafka, topic, timeout).values());
    }
}
