package io.reclaimer.app.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The services of this process: started in order, closed in reverse, healthy together. */
public final class Services implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Services.class);

    private final List<ManagedService> services = new ArrayList<>();

    public synchronized void start(ManagedService service) {
        service.start();
        services.add(service);
        LOG.info("started {}", service.name());
    }

    /** Service name → problem, for every unhealthy service. */
    public synchronized Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>();
        for (ManagedService service : services) {
            String problem = service.problem();
            if (problem != null && !problem.isEmpty()) {
                problems.put(service.name(), problem);
            }
        }
        return problems;
    }

    public synchronized List<String> names() {
        return services.stream().map(ManagedService::name).toList();
    }

    @Override
    public synchronized void close() {
        List<ManagedService> reversed = new ArrayList<>(services);
        Collections.reverse(reversed);
        for (ManagedService service : reversed) {
            try {
                service.close();
            } catch (RuntimeException e) {
                LOG.warn("closing {} failed: {}", service.name(), e.getMessage());
            }
        }
        services.clear();
    }
}
