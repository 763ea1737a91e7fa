package io.vestnik.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/compose.yaml as Docker Compose reads it: {@code ${NAME}}, {@code ${NAME:-default}} and
 * {@code ${NAME:?message}} filled from an .env file's values first, then YAML anchors and merge
 * keys resolved.
 */
final class ComposeFile {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?:(:?[-?])([^}]*))?}");

    private final Map<String, Object> root;

    private ComposeFile(Map<String, Object> root) {
        this.root = root;
    }

    static ComposeFile read(Path file, Map<String, String> variables) throws IOException {
        String text = interpolate(Files.readString(file), variables);
        return new ComposeFile(new Yaml(new LoaderOptions()).load(text));
    }

    /** Every {@code ${NAME:?...}} in the file: what compose refuses to start without. */
    static List<String> requiredVariables(Path file) throws IOException {
        return VARIABLE.matcher(Files.readString(file)).results()
                .filter(m -> ":?".equals(m.group(2)) || "?".equals(m.group(2)))
                .map(m -> m.group(1)).distinct().toList();
    }

    /** The KEY=VALUE lines of an .env file. */
    static Map<String, String> envFile(Path file) throws IOException {
        return KeyValues.of(Files.readAllLines(file));
    }

    private static String interpolate(String text, Map<String, String> variables) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = variables.get(m.group(1));
            boolean unset = value == null || (value.isEmpty() && m.group(2) != null && m.group(2).startsWith(":"));
            if (unset && m.group(2) != null && m.group(2).endsWith("?")) {
                throw new IllegalStateException(m.group(1) + " is required: " + m.group(3));
            }
            if (unset) value = m.group(2) == null ? "" : m.group(3);
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    Map<String, Object> services() {
        return map(root, "services");
    }

    Map<String, Object> service(String name) {
        return map(services(), name);
    }

    /** The service's environment, values as strings (as the container sees them). */
    Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        map(service(service), "environment").forEach((k, v) -> env.put(k, v == null ? "" : v.toString()));
        return env;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? List.of() : (List<Object>) value;
    }
}
