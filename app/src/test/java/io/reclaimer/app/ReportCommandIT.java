package io.reclaimer.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.model.CloudResourceRef;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.kubernetes.NamespaceInfo;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.testkit.KafkaExtension;
import io.reclaimer.testkit.KafkaTestCluster;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code reclaimer report} on the real broker: reads the current state and writes the e-mails it would send. */
@ExtendWith(KafkaExtension.class)
class ReportCommandIT {

    @Test
    void writesEachOwnersReportAsEmlAndHtmlReadFromKafka(KafkaTestCluster kafka, @TempDir Path dir) throws Exception {
        Topics topics = kafka.createTopics("report-command");
        Instant now = Instant.now();
        NamespaceInfo shop = new NamespaceInfo(ObjectRef.clusterScoped("prod", "Namespace", "shop"), Map.of("team", "web"),
                Map.of("reclaimer.io/owner-email", "web-team@example.com"), now.minus(Duration.ofDays(90)), now);
        kafka.send(topics.kubernetesInventory(), shop.ref().key(), shop);
        String volume = CloudResourceRef.aws("123456789012", "eu-west-1", "vol-0feed").key();
        Finding orphan = new Finding(Finding.idFor(FindingKind.UNATTACHED_VOLUME, volume), FindingKind.UNATTACHED_VOLUME,
                volume, "EbsVolume", "vol-0feed", "aws", "", "", "123456789012", "eu-west-1", 42.50,
                now.minus(Duration.ofDays(12)), now, null, Map.of(), Map.of(), Map.of(), Map.of("team", "web"));
        kafka.send(topics.findings(), orphan.id(), orphan);

        CliTest.Result result = CliTest.run("report", "--kafka-bootstrap", kafka.bootstrapServers(), "--topic-namespace",
                topics.namespace(), "--output", dir.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("report written to " + dir.resolve("web-team@example.com.eml"));
        String html = Files.readString(dir.resolve("web-team@example.com.html"));
        assertThat(html).contains("team web", "$42.50", "vol-0feed", "src=\"web-team@example.com.png\"");
        assertThat(dir.resolve("web-team@example.com.png")).isNotEmptyFile();
        try (InputStream in = Files.newInputStream(dir.resolve("web-team@example.com.eml"))) {
            MimeMessage eml = new MimeMessage(Session.getInstance(new Properties()), in);
            assertThat(eml.getSubject()).isEqualTo("[Reclaimer] Weekly cost report for web-team@example.com: $42.50/month to reclaim");
            assertThat(eml.getContentType()).startsWith("multipart/mixed");
        }

        CliTest.Result toMe = CliTest.run("report", "--kafka-bootstrap", kafka.bootstrapServers(), "--topic-namespace",
                topics.namespace(), "--output", dir.toString(), "--to", "me@example.com", "--since", "14d");
        assertThat(toMe.exitCode()).as(toMe.err()).isZero();
        assertThat(Files.readString(dir.resolve("me@example.com.html"))).contains("For the whole fleet", "$42.50");
    }
}
