package io.reclaimer.gitops.patch;

import io.reclaimer.gitops.yaml.YamlFile;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The one place a container's requests and limits are written: a container of a manifest or of a kustomize
 * patch (its {@code resources} mapping may be absent), or a Helm values mapping. {@code inherited} are the
 * quantities the rendered object gets from elsewhere (a kustomize base under a patch: the patch's own values win),
 * {@code containers} the container nodes that say how it is started (for the JVM heap).
 */
record Site(YamlFile file, Node owner, Node resources, String description, Map<String, String> inherited,
            List<ContainerNode> containers) {

    /** A container node and the file it is in. */
    record ContainerNode(YamlFile file, Node node) {
    }

    /** Identity for conflicts: two changes must not edit the same block. */
    String identity() {
        return file.path() + "@" + file.start(owner);
    }
}
