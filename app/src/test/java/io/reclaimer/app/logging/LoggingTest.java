package io.reclaimer.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reclaimer.app.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** --log-format json: one JSON object a line, with the fields the text pattern used to drop. */
class LoggingTest {

    @AfterEach
    void backToText() {
        Logging.format(Logging.Format.TEXT);
    }

    @Test
    void jsonLinesCarryTheMessageLevelLoggerAndTheAuditKeyValuePairs() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            Logging.format(Logging.Format.JSON);
            LoggerFactory.getLogger("io.reclaimer.audit").atInfo().addKeyValue("audit.action", "downsize-42")
                    .addKeyValue("audit.outcome", "executed").addKeyValue("audit.actor", "auto")
                    .log("execution-finished");
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String line = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("execution-finished"))
                .findFirst().orElseThrow(() -> new AssertionError("no log line in: " + captured));
        JsonNode json = new ObjectMapper().readTree(line);

        assertThat(json.path("message").asText()).isEqualTo("execution-finished");
        assertThat(json.path("level").asText()).isEqualTo("INFO");
        assertThat(json.path("logger_name").asText()).isEqualTo("io.reclaimer.audit");
        assertThat(json.has("@timestamp")).isTrue();
        assertThat(json.path("audit.action").asText()).isEqualTo("downsize-42");
        assertThat(json.path("audit.outcome").asText()).isEqualTo("executed");
        assertThat(json.path("audit.actor").asText()).isEqualTo("auto");
    }

    @Test
    void theOptionWorksBeforeAndAfterTheSubcommandAndRejectsUnknownFormats() {
        assertThat(run("--log-format", "json", "topics", "--help")).isZero();
        assertThat(Logging.format()).isEqualTo(Logging.Format.JSON);
        Logging.format(Logging.Format.TEXT);

        assertThat(run("topics", "--log-format", "json", "--help")).isZero();
        assertThat(Logging.format()).isEqualTo(Logging.Format.JSON);

        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"--log-format", "xml", "topics"}, new PrintWriter(new StringWriter()),
                new PrintWriter(err, true));
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("--log-format must be text or json");
    }

    @Test
    void theShippedLogbackConfigurationLoadsWithoutErrors() throws Exception {
        ch.qos.logback.classic.LoggerContext context = new ch.qos.logback.classic.LoggerContext();
        ch.qos.logback.classic.joran.JoranConfigurator configurator = new ch.qos.logback.classic.joran.JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(java.nio.file.Path.of("src/main/resources/logback.xml").toFile());

        assertThat(context.getStatusManager().getCopyOfStatusList()).noneMatch(s -> s.getEffectiveLevel()
                >= ch.qos.logback.core.status.Status.WARN);
        assertThat(context.getLogger("ROOT").getAppender("STDERR")).isNotNull();
        context.stop();
    }

    private static int run(String... args) {
        return Main.run(args, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }
}
