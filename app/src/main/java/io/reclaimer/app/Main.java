package io.reclaimer.app;

import io.reclaimer.app.cli.ReclaimerCommand;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code reclaimer} CLI. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // The JDK's HttpServer (Slack interactions, /metrics, /healthz, /api) writes a response's head and body
        // separately; with Nagle's algorithm the body waits for the client's delayed ACK, about 40 ms on Linux,
        // on every answer. Read once, when the server classes load: set before any is built. An explicit -D wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line and returns the exit code; used by tests to run the CLI in-process. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return commandLine(out, err).execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new ReclaimerCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(new OneLineErrors());
        cli.setParameterExceptionHandler(OneLineErrors::onBadParameters);
        return cli;
    }

    /**
     * An error is one line on stderr and a non-zero exit, not a stack trace. {@code RECLAIMER_DEBUG=1}
     * brings the stack trace back for bug reports.
     */
    static final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {

        static final int EXIT_ERROR = 1;
        static final int EXIT_USAGE = 2;

        @Override
        public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
            PrintWriter err = cli.getErr();
            err.println("reclaimer: " + message(e));
            if ("1".equals(System.getenv("RECLAIMER_DEBUG"))) {
                e.printStackTrace(err);
            }
            err.flush();
            return EXIT_ERROR;
        }

        static int onBadParameters(CommandLine.ParameterException e, String[] args) {
            CommandLine cli = e.getCommandLine();
            PrintWriter err = cli.getErr();
            err.println("reclaimer: " + e.getMessage());
            err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return EXIT_USAGE;
        }

        private static String message(Throwable e) {
            Throwable cause = e;
            while ((cause.getMessage() == null || cause.getMessage().isBlank()) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        }
    }
}
