package io.reclaimer.reports;

import static io.reclaimer.reports.ReportFixtures.FINOPS;
import static io.reclaimer.reports.ReportFixtures.NETOPS;
import static io.reclaimer.reports.ReportFixtures.NOW;
import static io.reclaimer.reports.ReportFixtures.PAYMENTS;
import static io.reclaimer.reports.ReportFixtures.WEB;
import static io.reclaimer.reports.MimeParts.bytes;
import static io.reclaimer.reports.MimeParts.multipart;
import static io.reclaimer.reports.MimeParts.part;
import static io.reclaimer.reports.MimeParts.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.reclaimer.model.serde.Json;
import java.util.HashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.reclaimer.model.serde.Json;
import java.util.HashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.kubernetes.NamespaceInfo;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.testkit.KafkaExtension;
import io.reclaimer.testkit.KafkaTestCluster;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The weekly report end to end: state on the real broker, read back by {@link KafkaReportSource}, built,
 * rendered and sent over SMTP to GreenMail; the received messages are checked part by part.
 */
@ExtendWith(KafkaExtension.class)
class WeeklyReportMailIT {

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    private static WeeklyReportJob.Outcome routed;
    private static WeeklyReportJob.Outcome explicit;

    @BeforeAll
    static void sendTheReports(KafkaTestCluster kafka) {
        Topics topics = kafka.createTopics("weekly-report");
        Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(config, new StringSerializer(),
                WeeklyReportMailIT::json)) {
            for (Recommendation r : ReportFixtures.recommendations()) {
                producer.send(new ProducerRecord<>(topics.recommendations().name(), r.container().key(), r));
            }
            for (Finding f : ReportFixtures.findings()) {
                producer.send(new ProducerRecord<>(topics.findings().name(), f.id(), f));
            }
            for (NamespaceInfo ns : ReportFixtures.namespaces()) {
                producer.send(new ProducerRecord<>(topics.kubernetesInventory().name(), ns.ref().key(), ns));
            }
            var request = ReportFixtures.downsizeRequest();
            producer.send(new ProducerRecord<>(topics.actionRequests().name(), request.actionId(), request));
            ActionResult executed = ReportFixtures.fleet().actionResults().get(0);
            // the intent first, then the outcome: the report must see the latest status per action
            producer.send(new ProducerRecord<>(topics.actionResults().name(), request.actionId(), new ActionResult(
                    request.actionId(), ActionResult.Status.STARTED, "", Map.of(), Map.of(), executed.at().minusSeconds(5))));
            producer.send(new ProducerRecord<>(topics.actionResults().name(), request.actionId(), executed));
            producer.flush();
        }
        ReportConfig reportConfig = ReportConfig.DEFAULTS.withDefaultRecipients(List.of(FINOPS))
                .withSmtpSecurity(ReportConfig.Security.NONE).withSmtp("127.0.0.1", GREEN_MAIL.getSmtp().getPort());
        WeeklyReportJob job = new WeeklyReportJob(reportConfig,
                new KafkaReportSource(kafka.client(), topics, Duration.ofSeconds(30)),
                new SmtpDelivery(reportConfig), Clock.fixed(NOW, ZoneOffset.UTC));
        routed = job.run(List.of());
        explicit = job.run(List.of("me@example.com"));
    }

    @Test
    void sendsEveryOwnerTheirReportAndTheDefaultRecipientsTheWholeFleet() throws Exception {
        assertThat(routed.failed()).isEmpty();
        assertThat(routed.delivered()).hasSize(4);
        assertThat(explicit.delivered()).hasSize(1);
        assertThat(GREEN_MAIL.getReceivedMessages()).hasSize(5);
        assertThat(messageTo(FINOPS).getSubject())
                .isEqualTo("[Reclaimer] Weekly cost report for the whole fleet: $274.10/month to reclaim");
        assertThat(messageTo(PAYMENTS).getSubject()).endsWith("$190.00/month to reclaim");
        assertThat(messageTo(WEB).getSubject()).endsWith("$45.50/month to reclaim");
        assertThat(messageTo(NETOPS).getSubject()).endsWith("$3.60/month to reclaim");
        assertThat(messageTo(FINOPS).getFrom()[0].toString()).isEqualTo("reclaimer@localhost");
    }

    @Test
    void theMessageIsTextAndHtmlAlternativesWithAnInlineChartAndACsvAttachment() throws Exception {
        MimeMessage message = messageTo("me@example.com");

        assertThat(message.getContentType()).startsWith("multipart/mixed");
        assertThat(multipart(message).getCount()).isEqualTo(2);
        BodyPart alternative = part(message, 0);
        assertThat(alternative.getContentType()).startsWith("multipart/alternative");
        assertThat(multipart(alternative).getCount()).isEqualTo(2);

        BodyPart plain = part(alternative, 0);
        assertThat(plain.getContentType()).startsWith("text/plain").contains("UTF-8");
        BodyPart related = part(alternative, 1);
        assertThat(related.getContentType()).startsWith("multipart/related");
        BodyPart html = part(related, 0);
        assertThat(html.getContentType()).startsWith("text/html");
        BodyPart chart = part(related, 1);
        assertThat(chart.getContentType()).startsWith("image/png");
        assertThat(chart.getDisposition()).isEqualTo(Part.INLINE);
        String contentId = chart.getHeader("Content-ID")[0];
        assertThat(contentId).isEqualTo("<waste-trend@reclaimer>");
        assertThat(text(html)).contains("src=\"cid:waste-trend@reclaimer\"");
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(bytes(chart)));
        assertThat(png.getWidth()).isEqualTo(600);
        assertThat(png.getHeight()).isEqualTo(260);

        BodyPart csv = part(message, 1);
        assertThat(csv.getContentType()).startsWith("text/csv");
        assertThat(csv.getDisposition()).isEqualTo(Part.ATTACHMENT);
        assertThat(csv.getFileName()).isEqualTo("reclaimer-report-2025-06-16.csv");
    }

    @Test
    void theContentCarriesTheFiguresInEveryPart() throws Exception {
        MimeMessage fleet = messageTo(FINOPS);
        String plain = text(part(part(fleet, 0), 0));
        String html = text(part(part(part(fleet, 0), 1), 0));
        String csv = text(part(fleet, 1));

        assertThat(html).contains("$274.10", "$205.50", "$68.60", "$15.00", "team payments", PAYMENTS,
                "2000m", "500m", "4096Mi", "1024Mi", "$120.00", "90%", "vol-0abc",
                "unassociated-address", "idle-namespace", "downsize prod/shop/Deployment/cart");
        assertThat(html).doesNotContain("<style", "<script", "<link", "overprovisioned-container");
        assertThat(plain).contains("To reclaim:        $274.10/month",
                "prod/payments/Deployment/api/api: cpu 2000m -> 500m, memory 4096Mi -> 1024Mi, $120.00/month, confidence 90%",
                "week ending 16 Jun: $274.10", "week ending 9 Jun: $285.50");
        assertThat(csv.lines().findFirst().orElseThrow())
                .isEqualTo("section,owner,type,kind,location,resource,current,recommended,monthlyUsd,confidence,since");
        List<Map<String, String>> rows = csvRows(csv);
        assertThat(rows).hasSize(4 + 3 + 1);
        assertThat(rows).contains(Map.ofEntries(Map.entry("section", "team payments"), Map.entry("owner", PAYMENTS),
                Map.entry("type", "rightsizing"), Map.entry("kind", "container"), Map.entry("location", "prod/payments"),
                Map.entry("resource", "Deployment/api/api"), Map.entry("current", "cpu 2000m, memory 4096Mi"),
                Map.entry("recommended", "cpu 500m, memory 1024Mi"), Map.entry("monthlyUsd", "120.00"),
                Map.entry("confidence", "0.90"), Map.entry("since", "")));
        assertThat(rows).filteredOn(r -> r.get("type").equals("realized")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("monthlyUsd", "15.00").containsEntry("since", "2025-06-14"));

        String paymentsHtml = text(part(part(part(messageTo(PAYMENTS), 0), 1), 0));
        assertThat(paymentsHtml).contains("$190.00", "vol-0abc").doesNotContain("sandbox", "frontend", "eipalloc-1");
        assertThat(sectionNames(paymentsHtml)).containsExactly("team payments");
        assertThat(sectionNames(html)).containsExactly("team payments", "team web", "namespace prod/sandbox",
                "account 123456789012 eu-west-1");
    }

    private static MimeMessage messageTo(String address) {
        return Arrays.stream(GREEN_MAIL.getReceivedMessages()).filter(m -> {
            try {
                return m.getRecipients(Message.RecipientType.TO)[0].toString().equals(address);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElseThrow(() -> new AssertionError("no message to " + address));
    }

    private static byte[] json(String topic, Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Map<String, String>> csvRows(String csv) throws Exception {
        CsvMapper mapper = new CsvMapper();
        try (MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            return it.readAll();
        }
    }

    private static List<String> sectionNames(String html) {
        Matcher m = Pattern.compile("class=\"section-name\">([^<]+)<").matcher(html);
        List<String> names = new java.util.ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
