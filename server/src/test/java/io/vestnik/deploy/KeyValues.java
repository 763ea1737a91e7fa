package io.vestnik.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** KEY=VALUE lines, as in .env files and systemd units; blank lines and # comments skipped. */
final class KeyValues {
    private KeyValues() {}

    static Map<String, String> of(List<String> lines) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) continue;
            int equals = trimmed.indexOf('=');
            values.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
        }
        return values;
    }
}
