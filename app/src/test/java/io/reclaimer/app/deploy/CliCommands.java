package io.reclaimer.app.deploy;

import io.reclaimer.app.Main;
import io.reclaimer.app.config.ConfigLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a command line written in a deployment file against the real CLI: the command line with
 * {@code --help} appended must parse (so every subcommand and option exists) and print the usage.
 */
final class CliCommands {

    static final int DEFAULT_HTTP_PORT = 9400;

    private CliCommands() {
    }

    /** Empty when the CLI accepts the command line; otherwise what it said. */
    static Optional<String> problem(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--help");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        if (code != 0 || !out.toString().startsWith("Usage: reclaimer")) {
            return Optional.of(String.join(" ", command) + " → exit " + code + ": " + err.toString().trim());
        }
        return Optional.empty();
    }

    /** Empty when the RECLAIMER_* variables name real config options with valid values. */
    static Optional<String> configProblem(Map<String, String> environment) {
        try {
            ConfigLoader.load(null, environment);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The Slack interactions port of the actions service, when the command line is one. */
    static Optional<Integer> slackPort(List<String> command) {
        if (!command.get(0).equals("actions")) {
            return Optional.empty();
        }
        int i = command.indexOf("--slack-port");
        return Optional.of(i >= 0 ? Integer.parseInt(command.get(i + 1)) : 3000);
    }

    /** The port /metrics and /healthz listen on for this command line and environment. */
    static int httpPort(List<String> command, Map<String, String> environment) {
        int i = command.indexOf("--metrics-port");
        if (i >= 0) {
            return Integer.parseInt(command.get(i + 1));
        }
        String configured = environment.get("RECLAIMER_HTTP_PORT");
        return configured == null ? DEFAULT_HTTP_PORT : Integer.parseInt(configured);
    }

    /** Whether the command is a long-running service with an HTTP endpoint (not a one-shot tool). */
    static boolean servesHttp(List<String> command) {
        boolean collector = command.size() > 1 && command.get(0).equals("collect") && !command.get(1).equals("simulated")
                && !command.contains("--once");
        return collector || command.get(0).equals("streams") || command.get(0).equals("standalone")
                || command.contains("--schedule") || command.get(0).equals("actions");
    }
}
