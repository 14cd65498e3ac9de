package io.reclaimer.app.recommendations;

/**
 * The {@code application.server} an instance announces: where the others send the questions about the containers
 * it holds, so it must be this process's HTTP endpoint. A host without a port gets the port that endpoint
 * listens on, which lets a deployment write just the pod's address ({@code $(POD_IP)}) and keeps it right when
 * {@code http.port} changes or is 0 (a free port).
 */
public final class ApplicationServer {

    private ApplicationServer() {
    }

    /** {@code configured} with {@code httpPort} added when it names no port; empty stays empty (no interactive queries across instances). */
    public static String resolve(String configured, int httpPort) {
        String server = configured == null ? "" : configured.trim();
        if (server.isEmpty()) {
            return "";
        }
        if (server.startsWith("[")) {
            return server.endsWith("]") ? server + ":" + httpPort : server;
        }
        int colons = server.length() - server.replace(":", "").length();
        if (colons == 0) {
            return server + ":" + httpPort;
        }
        // a bare IPv6 address, as Kubernetes puts in status.podIP on an IPv6 cluster
        return colons > 1 ? "[" + server + "]:" + httpPort : server;
    }
}
