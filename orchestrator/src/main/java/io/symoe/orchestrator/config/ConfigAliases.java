package io.symoe.orchestrator.config;

import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import io.symoe.core.config.BackendConfig;

import java.io.Serial;
import java.util.List;
import java.util.Map;

/**
 * Second names the config accepts for a key, kept here because core's records carry no Jackson annotations.
 * {@code type} for a backend's {@code kind} is the spelling llama-swap and LiteLLM configs use and the one the
 * llama-server example is documented with ({@code type: llama-server}); both bind to the same field, and the
 * checker refuses an entry that gives both.
 */
final class ConfigAliases extends JacksonAnnotationIntrospector {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Per record, alias → the key it stands for. */
    static final Map<Class<?>, Map<String, String>> ALIASES = Map.of(
            BackendConfig.class, Map.of("type", "kind"));

    @Override
    public List<PropertyName> findPropertyAliases(Annotated member) {
        if (member instanceof AnnotatedMember m) {
            Map<String, String> aliases = ALIASES.get(m.getDeclaringClass());
            if (aliases != null) {
                String name = nameOf(m);
                List<PropertyName> found = aliases.entrySet().stream()
                        .filter(e -> e.getValue().equals(name))
                        .map(e -> PropertyName.construct(e.getKey()))
                        .toList();
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        return super.findPropertyAliases(member);
    }

    /**
     * A record's canonical constructor parameter has no name of its own in Jackson's model (binding goes through
     * it), so it takes its component's name.
     */
    private static String nameOf(AnnotatedMember member) {
        if (member instanceof AnnotatedParameter p && member.getDeclaringClass().isRecord()) {
            var components = member.getDeclaringClass().getRecordComponents();
            if (p.getOwner().getParameterCount() == components.length) {
                return components[p.getIndex()].getName();
            }
        }
        return member.getName();
    }

    /** The aliases of {@code record}'s keys, alias → key; empty for a record without any. */
    static Map<String, String> of(Class<?> record) {
        return ALIASES.getOrDefault(record, Map.of());
    }
}
