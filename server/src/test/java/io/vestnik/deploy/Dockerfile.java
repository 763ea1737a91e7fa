package io.vestnik.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** A Dockerfile's instructions, continuation lines joined and comments dropped. */
record Dockerfile(List<Instruction> instructions) {
    private static final Pattern ENV_PAIR = Pattern.compile("(\\w+)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)");

    record Instruction(String keyword, String arguments) {}

    static Dockerfile read(Path file) throws IOException {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.isEmpty())) continue;
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            String whole = pending.append(trimmed).toString();
            pending.setLength(0);
            String[] parts = whole.split("\\s+", 2);
            instructions.add(new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : ""));
        }
        return new Dockerfile(instructions);
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** The last stage: the image that runs. */
    Dockerfile runtimeStage() {
        int from = instructions.lastIndexOf(all("FROM").getLast());
        return new Dockerfile(instructions.subList(from, instructions.size()));
    }

    /** The arguments of the last such instruction, or "" when there is none. */
    String last(String keyword) {
        List<Instruction> found = all(keyword);
        return found.isEmpty() ? "" : found.getLast().arguments();
    }

    /** Every variable the ENV instructions set, quotes removed. */
    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (Instruction i : all("ENV")) {
            ENV_PAIR.matcher(i.arguments()).results().forEach(m -> env.put(m.group(1), unquote(m.group(2))));
        }
        return env;
    }

    private static String unquote(String value) {
        return value.startsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }
}
