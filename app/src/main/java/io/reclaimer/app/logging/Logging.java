package io.reclaimer.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * The log output of every command: text (logback.xml's pattern, key-value pairs included) or one JSON object
 * a line ({@code --log-format json}, logstash-logback-encoder: timestamp, level, logger, thread, message, the
 * MDC and the SLF4J key-value pairs the audit log carries, stack traces); and, for the demo, Kafka's own
 * broker and client logs moved to a file so the terminal shows what Reclaimer does.
 */
public final class Logging {

    /** Loggers of the embedded broker and of Kafka's clients (producer, consumer, admin, Streams). */
    static final List<String> KAFKA_LOGGERS = List.of("org.apache.kafka", "kafka", "state.change.logger", "org.apache.zookeeper");

    public enum Format { TEXT, JSON }

    private static volatile Format format = Format.TEXT;

    private Logging() {
    }

    public static Format format() {
        return format;
    }

    /** Switches the console output to {@code format}; the other settings of logback.xml stay. */
    public static synchronized void format(Format wanted) {
        if (wanted == format) {
            return;
        }
        LoggerContext context = context();
        ConsoleAppender<ILoggingEvent> console = console(context);
        console.stop();
        console.setEncoder(encoder(context, wanted, null));
        console.start();
        format = wanted;
    }

    /**
     * Sends Kafka's own loggers to {@code file} instead of the console (their level unchanged), so broker
     * start-up chatter and client reconnect warnings stay out of the terminal; returns the file.
     */
    public static synchronized Path kafkaToFile(Path file) {
        LoggerContext context = context();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("KAFKA_FILE");
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder(context, format, "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger - %msg %kvp%n"));
        appender.start();
        for (String name : KAFKA_LOGGERS) {
            Logger logger = context.getLogger(name);
            logger.detachAndStopAllAppenders();
            logger.addAppender(appender);
            logger.setAdditive(false);
        }
        return file;
    }

    /** More detail everywhere: Reclaimer at DEBUG, Kafka's loggers at INFO, all on the console. */
    public static synchronized void verbose() {
        LoggerContext context = context();
        context.getLogger("io.reclaimer").setLevel(Level.DEBUG);
        for (String name : KAFKA_LOGGERS) {
            Logger logger = context.getLogger(name);
            logger.detachAndStopAllAppenders();
            logger.setAdditive(true);
            logger.setLevel(Level.INFO);
        }
    }

    /** Whether {@code --verbose} asked for everything on the console. */
    public static boolean isVerbose() {
        return context().getLogger("io.reclaimer").getLevel() == Level.DEBUG;
    }

    static Encoder<ILoggingEvent> encoder(LoggerContext context, Format format, String pattern) {
        if (format == Format.JSON) {
            LogstashEncoder json = new LogstashEncoder();
            json.setContext(context);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(pattern != null ? pattern : TEXT_PATTERN);
        text.start();
        return text;
    }

    /** logback.xml's console pattern; {@code %kvp} shows the key-value pairs (the audit log's fields). */
    static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg %kvp%n";

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    /** The root logger's console appender (logback.xml's STDERR). */
    @SuppressWarnings("unchecked")
    private static ConsoleAppender<ILoggingEvent> console(LoggerContext context) {
        var appenders = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
        while (appenders.hasNext()) {
            Appender<ILoggingEvent> appender = appenders.next();
            if (appender instanceof ConsoleAppender<?>) {
                return (ConsoleAppender<ILoggingEvent>) appender;
            }
        }
        throw new IllegalStateException("the logging configuration has no console appender on the root logger");
    }

    public static Format parse(String value) {
        try {
            return Format.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--log-format must be text or json, was " + value);
        }
    }
}
