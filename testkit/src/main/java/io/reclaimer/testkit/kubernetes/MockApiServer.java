package io.reclaimer.testkit.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fabric8's mock API server in CRUD mode over HTTPS, exactly as {@code @EnableKubernetesMockClient(crud = true)}
 * builds it, injected into the test class's {@link KubernetesClient} and {@link KubernetesMockServer} fields:
 * static fields get one server for the whole class, instance fields a fresh server for every test.
 *
 * <p>Why not fabric8's own extension: it starts a server (and a client, each with its own Vert.x) before all
 * tests <em>and</em> another one before every test, whichever fields the class has, so a class with static fields
 * started one unused server per test, each generating a 2048-bit RSA key for its self-signed certificate: about
 * a quarter of the CPU of the actions module's unit tests. Here only the servers a field receives are started.
 */
public final class MockApiServer implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MockApiServer.class);

    /** A started server and its client; closing stops both. */
    private record Running(KubernetesMockServer server, NamespacedKubernetesClient client)
            implements ExtensionContext.Store.CloseableResource {

        static Running start() {
            Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
            KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
                    new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), true);
            server.init();
            return new Running(server, server.createClient());
        }

        @Override
        public void close() {
            client.close();
            server.destroy();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        inject(context, null, true);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        inject(context, context.getRequiredTestInstance(), false);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close(context, false);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close(context, true);
    }

    private static void inject(ExtensionContext context, Object instance, boolean statics) throws IllegalAccessException {
        List<Field> fields = Arrays.stream(context.getRequiredTestClass().getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) == statics)
                .filter(f -> f.getType() == KubernetesClient.class || f.getType() == KubernetesMockServer.class)
                .toList();
        if (fields.isEmpty()) {
            return;
        }
        Running running = Running.start();
        context.getStore(NAMESPACE).put(key(statics), running);
        for (Field field : fields) {
            field.setAccessible(true);
            field.set(instance, field.getType() == KubernetesClient.class ? running.client() : running.server());
        }
    }

    private static void close(ExtensionContext context, boolean statics) {
        Running running = context.getStore(NAMESPACE).remove(key(statics), Running.class);
        if (running != null) {
            running.close();
        }
    }

    private static String key(boolean statics) {
        return statics ? "class" : "test";
    }
}
