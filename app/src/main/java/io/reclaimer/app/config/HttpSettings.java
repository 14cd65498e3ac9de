package io.reclaimer.app.config;

/**
 * The service's HTTP endpoint: Prometheus {@code /metrics} and {@code /healthz}.
 *
 * @param port        listening port (default 9400; 0 picks a free one)
 * @param bindAddress interface to listen on (default {@code 0.0.0.0})
 */
public record HttpSettings(Integer port, String bindAddress) {

    public HttpSettings {
        port = port == null ? 9400 : port;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0..65535, was " + port);
        }
        bindAddress = bindAddress == null || bindAddress.isBlank() ? "0.0.0.0" : bindAddress;
    }
}
