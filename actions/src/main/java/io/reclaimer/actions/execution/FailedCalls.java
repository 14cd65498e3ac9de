package io.reclaimer.actions.execution;

import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult.Status;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failed call to a target becomes. A re-check that fails for a transient reason (API unreachable) leaves the
 * action where it was, retried on the next tick, until {@value #MAX_ATTEMPTS} attempts make it FAILED; a change whose
 * call failed is checked once more, since it may have happened anyway (a timeout after the server applied it).
 */
final class FailedCalls {

    static final int MAX_ATTEMPTS = 5;
    // logged as the engine: these are its outcomes
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionEngine.class);

    private final Recorder recorder;
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

    FailedCalls(Recorder recorder) {
        this.recorder = recorder;
    }

    /** The re-check of {@code actionId} succeeded: its count of failed attempts starts again. */
    void checked(String actionId) {
        attempts.remove(actionId);
    }

    /** The call failed, but the change may have happened anyway (a timeout after the server applied it). */
    ActionRecord afterFailedApply(ActionExecutor executor, ActionRequest request, Map<String, String> previous,
                                  Exception failure) {
        String reason = message(failure);
        try {
            Check after = executor.check(request);
            if (after.state() == Check.State.DONE) {
                return recorder.finish(recorder.result(request, Status.EXECUTED, "executed (the call reported '" + reason
                        + "' but the target is in the proposed state)", previous, after.previousState()), "executed");
            }
        } catch (Exception e) {
            reason += "; the re-check after the failure failed too: " + message(e);
        }
        LOG.warn("action {} failed: {}", request.actionId(), reason);
        return recorder.finish(recorder.result(request, Status.FAILED, reason, previous, Map.of()), "failed");
    }

    ActionRecord retryLater(ActionRecord record, boolean resuming, Exception e) {
        String actionId = record.actionId();
        int attempt = attempts.merge(actionId, 1, Integer::sum);
        String reason = "cannot re-check the target (attempt " + attempt + " of " + MAX_ATTEMPTS + "): " + message(e);
        if (attempt >= MAX_ATTEMPTS) {
            attempts.remove(actionId);
            ActionRequest request = record.request();
            if (resuming) {
                // the change may or may not have happened: say so instead of guessing
                return recorder.finish(recorder.result(request, Status.FAILED, reason + "; the interrupted execution could not be "
                        + "reconciled, check the target by hand", record.last(Status.STARTED).orElseThrow().previousState(),
                        Map.of()), "failed");
            }
            return recorder.finish(recorder.result(request, Status.FAILED, reason, Map.of(), Map.of()), "failed");
        }
        LOG.warn("action {}: {}; retried on the next tick", actionId, reason);
        return record;
    }

    /** The first message along the cause chain, else the exception's type. */
    static String message(Throwable e) {
        Throwable t = e;
        while ((t.getMessage() == null || t.getMessage().isBlank()) && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
