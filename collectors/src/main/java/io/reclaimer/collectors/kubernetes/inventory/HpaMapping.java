package io.reclaimer.collectors.kubernetes.inventory;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.reclaimer.model.kubernetes.HpaInfo;
import java.util.ArrayList;
import java.util.List;

/** An autoscaling/v2 HorizontalPodAutoscaler as the {@link HpaInfo} of the workload it targets. */
final class HpaMapping {

    private HpaMapping() {
    }

    /** {@code namespace/Kind/name} of the workload the HPA scales. */
    public static String targetKey(HorizontalPodAutoscaler hpa) {
        var target = hpa.getSpec() == null ? null : hpa.getSpec().getScaleTargetRef();
        if (target == null || target.getKind() == null || target.getName() == null) {
            return null;
        }
        return hpa.getMetadata().getNamespace() + "/" + target.getKind() + "/" + target.getName();
    }

    public static HpaInfo info(HorizontalPodAutoscaler hpa) {
        var spec = hpa.getSpec();
        int min = spec.getMinReplicas() == null ? 1 : spec.getMinReplicas();
        int max = spec.getMaxReplicas() == null ? min : spec.getMaxReplicas();
        return new HpaInfo(hpa.getMetadata().getName(), min, max, metrics(spec.getMetrics()));
    }

    /**
     * {@code cpu}/{@code memory} for Resource and ContainerResource metrics, {@code pods:NAME},
     * {@code object:NAME}, {@code external:NAME} for the others. An HPA without metrics scales on CPU
     * (the API's default of 80% utilisation).
     */
    static List<String> metrics(List<MetricSpec> specs) {
        if (specs == null || specs.isEmpty()) {
            return List.of("cpu");
        }
        List<String> names = new ArrayList<>();
        for (MetricSpec metric : specs) {
            String name = switch (metric.getType() == null ? "" : metric.getType()) {
                case "Resource" -> metric.getResource() == null ? null : metric.getResource().getName();
                case "ContainerResource" -> metric.getContainerResource() == null ? null
                        : metric.getContainerResource().getName();
                case "Pods" -> metric.getPods() == null || metric.getPods().getMetric() == null ? null
                        : "pods:" + metric.getPods().getMetric().getName();
                case "Object" -> metric.getObject() == null || metric.getObject().getMetric() == null ? null
                        : "object:" + metric.getObject().getMetric().getName();
                case "External" -> metric.getExternal() == null || metric.getExternal().getMetric() == null ? null
                        : "external:" + metric.getExternal().getMetric().getName();
                default -> null;
            };
            if (name != null && !names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }
}
