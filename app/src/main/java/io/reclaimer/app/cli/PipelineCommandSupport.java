package io.reclaimer.app.cli;

import io.reclaimer.app.config.HttpSettings;
import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.app.report.PipelineSummary;
import io.reclaimer.app.report.ReportWriter;
import io.reclaimer.app.report.SavingsTable;
import io.reclaimer.app.runtime.KafkaRuntime;
import io.reclaimer.app.runtime.PipelineRun;
import io.reclaimer.app.security.ServiceRole;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/** The part demo and standalone share: run, stop on time or on Ctrl-C, drain, print, report. */
final class PipelineCommandSupport {

    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(3);

    private PipelineCommandSupport() {
    }

    /** A service run: the broker's data and the state stores are kept ({@code kafka.dataDir}, {@code analysis.stateDir}). */
    static int run(ReclaimerConfig config, KafkaOptions kafkaOptions, RunOptions runOptions, PrintWriter out,
                   Consumer<PipelineRun> addSources) throws Exception {
        return run(config, kafkaOptions, runOptions, out, false, Topics::all, addSources, NOTHING_BESIDE,
                summaryOut -> { });
    }

    /** The analysis alone: only its own topics must exist (and be accessible). */
    static int runAnalysis(ReclaimerConfig config, KafkaOptions kafkaOptions, RunOptions runOptions, PrintWriter out)
            throws Exception {
        return run(config, kafkaOptions, runOptions, out, false, ServiceRole.ANALYSIS::topics, pipeline -> { },
                NOTHING_BESIDE, summaryOut -> { });
    }

    /**
     * {@code throwawayByDefault}: without {@code --data-dir} the run's data vanishes at the end (the demo);
     * {@code epilogue} prints more after the savings table, while the services still run.
     */
    static int run(ReclaimerConfig config, KafkaOptions kafkaOptions, RunOptions runOptions, PrintWriter out,
                   boolean throwawayByDefault, Consumer<PipelineRun> addSources, Consumer<PrintWriter> epilogue)
            throws Exception {
        return run(config, kafkaOptions, runOptions, out, throwawayByDefault, Topics::all, addSources, NOTHING_BESIDE,
                epilogue);
    }

    private static final WhileRunning NOTHING_BESIDE = (pipeline, deadline) -> () -> { };

    /** What runs beside the pipeline while it runs (the demo's progress line), closed when the run stops. */
    interface WhileRunning {
        AutoCloseable start(PipelineRun pipeline, Long deadlineNanos);
    }

    static int run(ReclaimerConfig config, KafkaOptions kafkaOptions, RunOptions runOptions, PrintWriter out,
                   boolean throwawayByDefault, Consumer<PipelineRun> addSources, WhileRunning whileRunning,
                   Consumer<PrintWriter> epilogue) throws Exception {
        return run(config, kafkaOptions, runOptions, out, throwawayByDefault, Topics::all, addSources, whileRunning,
                epilogue);
    }

    /** {@code needed}: the topics this run's services use, which must exist and be accessible. */
    private static int run(ReclaimerConfig config, KafkaOptions kafkaOptions, RunOptions runOptions, PrintWriter out,
                           boolean throwawayByDefault, Function<Topics, Collection<TopicSpec<?, ?>>> needed,
                           Consumer<PipelineRun> addSources, WhileRunning whileRunning, Consumer<PrintWriter> epilogue)
            throws Exception {
        boolean temporary = kafkaOptions.throwaway(throwawayByDefault);
        Path stateDir = temporary ? Files.createTempDirectory("reclaimer-streams-")
                : kafkaOptions.streamsStateDir(config.analysis().stateDir());
        HttpSettings http = runOptions.http(config.http());
        CountDownLatch finished = new CountDownLatch(1);
        try (KafkaRuntime kafka = KafkaRuntime.open(kafkaOptions.apply(config.kafka()), temporary, needed);
             PipelineRun run = PipelineRun.start(config, http, kafka, stateDir)) {
            Thread hook = new Thread(() -> {
                run.requestStop();
                try {
                    finished.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "reclaimer-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            out.printf("Kafka at %s%s; metrics on http://localhost:%d/metrics, health on /healthz, recommendations on"
                    + " /api/recommendations%n", kafka.bootstrapServers(), kafka.embedded() ? " (embedded)" : "", run.httpPort());
            addSources.accept(run);
            out.println(runOptions.duration == null ? "Running until Ctrl-C."
                    : "Running for " + io.reclaimer.model.time.Durations.inOneUnit(runOptions.duration) + ".");
            out.flush();
            Long deadline = runOptions.duration == null ? null : System.nanoTime() + runOptions.duration.toNanos();
            try (AutoCloseable beside = whileRunning.start(run, deadline)) {
                run.awaitStop(runOptions.duration);
            }
            out.println("Stopping: letting the analysis catch up with what the sources sent...");
            out.flush();
            PipelineSummary summary;
            try (AutoCloseable beside = whileRunning.start(run, null)) {
                summary = run.drainAndSummarize(DRAIN_TIMEOUT);
            }
            SavingsTable.print(summary, out, 15);
            epilogue.accept(out);
            if (runOptions.report != null) {
                ReportWriter.write(summary, runOptions.report);
                out.println("Report written to " + runOptions.report);
            }
            out.flush();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for us
            }
            return 0;
        } finally {
            finished.countDown();
            if (temporary) {
                deleteRecursively(stateDir);
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temp dir left behind is harmless
        }
    }
}
