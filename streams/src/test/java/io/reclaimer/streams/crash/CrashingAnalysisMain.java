package io.reclaimer.streams.crash;

import io.reclaimer.model.topics.Topics;
import io.reclaimer.streams.AnalysisConfig;
import io.reclaimer.streams.AnalysisService;
import java.nio.file.Path;

/**
 * The analysis of {@link CrashEqualityIT} in a child JVM, so that the test can kill it (SIGKILL: no hook, no flush, no
 * commit). Runs until killed. Arguments: bootstrap servers, topic namespace, application id, state directory.
 */
public final class CrashingAnalysisMain {

    private CrashingAnalysisMain() {
    }

    public static void main(String[] args) throws Exception {
        Topics topics = Topics.namespace(args[1]);
        AnalysisService service = CrashEqualityIT.service(args[0], topics, args[2], Path.of(args[3]));
        service.start();
        System.out.println("started " + args[2]);
        System.out.flush();
        Thread.currentThread().join();
    }
}
