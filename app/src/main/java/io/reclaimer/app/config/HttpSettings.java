package io.reclaimer.app.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The service's HTTP endpoint: Prometheus {@code /metrics}, {@code /healthz} and, where the analysis runs,
 * {@code /api/recommendations}.
 *
 * @param port          listening port (default 9400; 0 picks a free one)
 * @param bindAddress   interface to listen on (default {@code 0.0.0.0}; {@code demo} always listens on 127.0.0.1)
 * @param tokenFile     file holding the bearer token every endpoint not in {@code openEndpoints} requires
 *                      ({@code Authorization: Bearer TOKEN}); unset on a non-loopback address, those endpoints
 *                      answer 401 to everyone (default none)
 * @param openEndpoints paths answered without a token, e.g. for a Prometheus and kubelet probes on a private network
 *                      (default {@code [/metrics, /healthz]}; {@code []} protects everything)
 */
public record HttpSettings(Integer port, String bindAddress, Path tokenFile, List<String> openEndpoints) {

    public static final List<String> DEFAULT_OPEN = List.of("/metrics", "/healthz");

    public HttpSettings {
        port = port == null ? 9400 : port;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0..65535, was " + port);
        }
        bindAddress = bindAddress == null || bindAddress.isBlank() ? "0.0.0.0" : bindAddress;
        openEndpoints = openEndpoints == null ? DEFAULT_OPEN : List.copyOf(openEndpoints);
        for (String path : openEndpoints) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("http.openEndpoints: a path starts with '/', was '" + path + "'");
            }
        }
    }

    public HttpSettings(Integer port, String bindAddress) {
        this(port, bindAddress, null, null);
    }

    public HttpSettings withPort(Integer newPort) {
        return new HttpSettings(newPort, bindAddress, tokenFile, openEndpoints);
    }

    public HttpSettings withBindAddress(String address) {
        return new HttpSettings(port, address, tokenFile, openEndpoints);
    }

    /** Whether only this machine can connect. */
    public boolean loopback() {
        try {
            return InetAddress.getByName(bindAddress).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The bearer token from {@link #tokenFile}, read once at start-up. */
    public Optional<String> token() {
        if (tokenFile == null) {
            return Optional.empty();
        }
        try {
            String token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
            if (token.length() < 16) {
                throw new IllegalArgumentException("http.tokenFile: " + tokenFile + " holds fewer than 16 characters");
            }
            return Optional.of(token);
        } catch (IOException e) {
            // the path is configuration, not a secret: it may be named
            throw new IllegalArgumentException("http.tokenFile: cannot read " + tokenFile + " ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    @Override
    public String toString() {
        return "HttpSettings[port=" + port + ", bindAddress=" + bindAddress + ", tokenFile=" + tokenFile
                + ", openEndpoints=" + openEndpoints + "]";
    }
}
