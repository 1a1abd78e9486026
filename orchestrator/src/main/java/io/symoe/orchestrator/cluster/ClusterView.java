package io.symoe.orchestrator.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.replicatedmap.ReplicatedMap;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The state members share: profiles (replicated to every member, read locally without a network hop) and the
 * residency view, member id → models it has loaded. Entries of a member that leaves are removed at once, so no
 * one keeps sending it work.
 */
public final class ClusterView {
    public static final String PROFILES = "symoe.profiles";
    public static final String RESIDENCY = "symoe.residency";

    private final HazelcastInstance hz;
    private final String localId;
    private final ReplicatedMap<String, String> profiles;
    private final IMap<String, HashSet<String>> residency;
    private final UUID listenerId;
    private final List<java.util.function.Consumer<String>> removedListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ClusterView(HazelcastInstance hz, String localNodeId) {
        this.hz = hz;
        this.localId = localNodeId;
        this.profiles = hz.getReplicatedMap(PROFILES);
        this.residency = hz.getMap(RESIDENCY);
        this.listenerId = hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                // Residency is keyed by the Vert.x node id, not the Hazelcast member UUID; Vert.x stores the
                // former in a member attribute. Keying by the UUID left a crashed member's residency in place,
                // so batches kept going to a dead member.
                String nodeId = nodeIdOf(event.getMember());
                residency.remove(nodeId);
                removedListeners.forEach(l -> l.accept(nodeId));
            }
        });
    }

    /** The attribute vertx-hazelcast's cluster manager keeps a member's Vert.x node id in. */
    static final String VERTX_NODE_ID = "__vertx.nodeId";

    static String nodeIdOf(com.hazelcast.cluster.Member member) {
        String id = member.getAttribute(VERTX_NODE_ID);
        return id != null ? id : member.getUuid().toString();
    }

    /** Called with a member's node id when it leaves or is declared dead. */
    public void onMemberRemoved(java.util.function.Consumer<String> listener) {
        removedListeners.add(listener);
    }

    public String localId() {
        return localId;
    }

    /** Publishes this member's resident models (called after every load/unload). */
    public void publishResidency(Set<String> models) {
        residency.set(localId, new HashSet<>(models));
    }

    /** Members other than this one that have {@code model} loaded, in a stable order. */
    public List<String> remoteHolders(String model) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, HashSet<String>> e : residency.entrySet()) {
            if (!e.getKey().equals(localId) && e.getValue().contains(model)) {
                out.add(e.getKey());
            }
        }
        out.sort(String::compareTo);
        return out;
    }

    public Map<String, Set<String>> residencySnapshot() {
        Map<String, Set<String>> snap = new java.util.TreeMap<>();
        residency.forEach((k, v) -> snap.put(k, Set.copyOf(v)));
        return snap;
    }

    public void putProfiles(String key, String json) {
        profiles.put(key, json);
    }

    public String profiles(String key) {
        return profiles.get(key);
    }

    public int memberCount() {
        return hz.getCluster().getMembers().size();
    }

    public void close() {
        try {
            hz.getCluster().removeMembershipListener(listenerId);
            residency.remove(localId);
        } catch (RuntimeException e) {
            // The instance may already be shutting down; nothing left to clean then.
        }
    }
}
