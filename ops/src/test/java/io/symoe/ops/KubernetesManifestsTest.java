package io.symoe.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.symoe.core.config.ClusterConfig;
import io.symoe.core.config.ServerConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ops/kubernetes/symoe.yaml, parsed as the multi-document YAML kubectl reads, and cross-checked against the code and
 * the Dockerfile. It is never applied to a cluster here.
 */
class KubernetesManifestsTest {
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(YAML);

    private final List<JsonNode> docs = readAll(OpsFiles.KUBERNETES);
    private final JsonNode statefulSet = only("StatefulSet");
    private final JsonNode configMap = only("ConfigMap");
    private final JsonNode podSpec = statefulSet.at("/spec/template/spec");
    private final JsonNode container = podSpec.at("/containers/0");
    private final ServeInvocation serve = ServeInvocation.parse(strings(container.get("args")));
    private final SymoeConfig embedded = loadEmbeddedConfig();

    @Test
    void everyDocumentIsAKnownKindInOneNamespace() {
        Set<String> kinds = new HashSet<>();
        Set<String> namespaces = new HashSet<>();
        for (JsonNode d : docs) {
            assertTrue(d.hasNonNull("apiVersion") && d.at("/metadata/name").isTextual(), "incomplete document: " + d);
            kinds.add(d.get("kind").asText());
            namespaces.add(d.at("/metadata/namespace").asText());
        }
        assertEquals(Set.of("ConfigMap", "Service", "StatefulSet", "PodDisruptionBudget"), kinds);
        assertEquals(1, namespaces.size(), "one namespace for everything: " + namespaces);
        assertEquals(1, podSpec.get("containers").size());
    }

    @Test
    void containerArgsParseWithTheRealCliAndPointAtTheMountedConfigMap() {
        assertNotNull(serve.config(), "the pod runs on the ConfigMap's config");
        Path cfg = serve.config();
        String volume = null;
        for (JsonNode m : container.get("volumeMounts")) {
            if (m.get("mountPath").asText().equals(cfg.getParent().toString())) {
                volume = m.get("name").asText();
            }
        }
        assertNotNull(volume, "no volume is mounted at " + cfg.getParent());
        JsonNode source = volumeNamed(volume);
        assertEquals(configMap.at("/metadata/name").asText(), source.at("/configMap/name").asText(),
                "the config directory is the ConfigMap");
        assertTrue(configMap.at("/data").has(cfg.getFileName().toString()),
                "the ConfigMap has the key " + cfg.getFileName());
    }

    @Test
    void embeddedConfigLoadsAndDiscoversMembersThroughTheHeadlessService() {
        JsonNode headless = headlessService();
        assertEquals(headless.at("/metadata/name").asText(), statefulSet.at("/spec/serviceName").asText(),
                "the StatefulSet's governing service is the headless one");
        assertTrue(headless.at("/spec/publishNotReadyAddresses").asBoolean(),
                "members must find each other before they are ready (readiness waits for profiles)");

        ClusterConfig cluster = embedded.cluster();
        assertTrue(cluster.enabled());
        String dns = headless.at("/metadata/name").asText() + "." + headless.at("/metadata/namespace").asText()
                + ".svc.cluster.local";
        assertEquals(dns, cluster.kubernetesService());
        assertTrue(cluster.members().isEmpty() && !cluster.multicast());

        assertEquals(ClusterConfig.disabled().port(), cluster.port(), "the code's default Hazelcast port");
        JsonNode hzPort = headless.at("/spec/ports/0");
        assertEquals(cluster.port(), hzPort.get("port").asInt());
        assertEquals(cluster.port(), containerPort(hzPort.get("targetPort")));
    }

    @Test
    void httpPortsAgreeAcrossConfigContainerServiceAndCode() {
        int served = serve.effectivePort(embedded);
        assertEquals(ServerConfig.DEFAULT_PORT, served);
        String host = serve.effectiveHost(embedded);
        assertFalse(host.startsWith("127.") || host.equals("localhost"),
                "kubelet probes and the Service reach the pod on its own IP; loopback would never be ready");
        assertEquals(served, containerPort(new ObjectMapper().getNodeFactory().textNode("http")));

        JsonNode api = docs.stream().filter(d -> d.get("kind").asText().equals("Service"))
                .filter(d -> !"None".equals(d.at("/spec/clusterIP").asText())).findFirst().orElseThrow();
        JsonNode port = api.at("/spec/ports/0");
        assertEquals(served, port.get("port").asInt());
        assertEquals(served, containerPort(port.get("targetPort")));

        JsonNode annotations = statefulSet.at("/spec/template/metadata/annotations");
        assertEquals(Integer.toString(served), annotations.path("prometheus.io/port").asText());
        assertEquals(Routes.METRICS, annotations.path("prometheus.io/path").asText());
    }

    @Test
    void probesUseTheRealHealthRoutesOnTheHttpPort() {
        assertProbe("livenessProbe", Routes.LIVENESS);
        assertProbe("readinessProbe", Routes.READINESS);
        if (container.has("startupProbe")) {
            assertProbe("startupProbe", Routes.LIVENESS);
        }
    }

    @Test
    void selectorsMatchThePodLabels() {
        JsonNode labels = statefulSet.at("/spec/template/metadata/labels");
        assertEquals(labels, statefulSet.at("/spec/selector/matchLabels"));
        for (JsonNode d : docs) {
            JsonNode selector = switch (d.get("kind").asText()) {
                case "Service" -> d.at("/spec/selector");
                case "PodDisruptionBudget" -> d.at("/spec/selector/matchLabels");
                default -> MissingNode.getInstance();
            };
            if (!selector.isMissingNode()) {
                selector.properties().forEach(e -> assertEquals(e.getValue(), labels.get(e.getKey()),
                        d.get("kind") + " " + d.at("/metadata/name") + " selects " + e));
            }
        }
    }

    @Test
    void runsAsTheImagesNonRootUserWithAWritableTmp() {
        JsonNode sc = podSpec.get("securityContext");
        assertTrue(sc.get("runAsNonRoot").asBoolean());
        Dockerfile image = Dockerfile.parse(OpsFiles.read(OpsFiles.DOCKERFILE)).finalStage();
        String imageUser = image.only("USER").tokens().getFirst().split(":")[0];
        assertEquals(imageUser, sc.get("runAsUser").asText(), "the pod's uid is the image's user");
        if (container.at("/securityContext/readOnlyRootFilesystem").asBoolean()) {
            List<String> writable = new ArrayList<>();
            container.get("volumeMounts").forEach(m -> {
                if (!m.path("readOnly").asBoolean()) {
                    writable.add(m.get("mountPath").asText());
                }
            });
            assertTrue(writable.contains("/tmp"), "a read-only root needs a writable /tmp for the JVM");
            String cache = null;
            for (JsonNode e : container.path("env")) {
                if (e.get("name").asText().equals(OpsFiles.CACHE_ENV)) {
                    cache = e.get("value").asText();
                }
            }
            assertNotNull(cache, OpsFiles.CACHE_ENV + " must point the embedding cache at a writable volume");
            String dir = cache;
            assertTrue(writable.stream().anyMatch(w -> dir.equals(w) || dir.startsWith(w + "/")),
                    OpsFiles.CACHE_ENV + "=" + dir + " is not on a writable volume " + writable);
        }
    }

    private void assertProbe(String probe, String path) {
        JsonNode get = container.at("/" + probe + "/httpGet");
        assertFalse(get.isMissingNode(), probe + " is an HTTP GET probe");
        assertEquals(path, get.get("path").asText(), probe);
        assertEquals(serve.effectivePort(embedded), containerPort(get.get("port")), probe + " port");
    }

    /** A port given by number or by the container port's name, resolved to the number. */
    private int containerPort(JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode p : container.get("ports")) {
            if (p.get("name").asText().equals(port.asText())) {
                return p.get("containerPort").asInt();
            }
        }
        throw new AssertionError("the container has no port named " + port);
    }

    private JsonNode headlessService() {
        return docs.stream().filter(d -> d.get("kind").asText().equals("Service"))
                .filter(d -> "None".equals(d.at("/spec/clusterIP").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no headless Service for Hazelcast discovery"));
    }

    private JsonNode volumeNamed(String name) {
        for (JsonNode v : podSpec.get("volumes")) {
            if (v.get("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no pod volume named " + name);
    }

    private SymoeConfig loadEmbeddedConfig() {
        String key = serve.config().getFileName().toString();
        return new ConfigLoader().parse(configMap.at("/data/" + key).asText(),
                "ConfigMap " + configMap.at("/metadata/name").asText() + " key " + key);
    }

    private JsonNode only(String kind) {
        List<JsonNode> found = docs.stream().filter(d -> d.get("kind").asText().equals(kind)).toList();
        assertEquals(1, found.size(), "one " + kind);
        return found.getFirst();
    }

    private static List<String> strings(Iterable<JsonNode> nodes) {
        List<String> out = new ArrayList<>();
        nodes.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> strings(List<JsonNode> nodes) {
        return strings((Iterable<JsonNode>) nodes);
    }

    static List<JsonNode> readAll(Path file) {
        try (var parser = YAML.createParser(OpsFiles.read(file))) {
            List<JsonNode> docs = new ArrayList<>();
            MAPPER.readValues(parser, JsonNode.class).forEachRemaining(d -> {
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    docs.add(d);
                }
            });
            return docs;
        } catch (IOException e) {
            throw new AssertionError("invalid YAML in " + file + ": " + e.getMessage(), e);
        }
    }
}
