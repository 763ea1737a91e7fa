package io.vestnik.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One read of a node's {@code /metrics}: its samples, looked up by name and labels. */
public final class Scrape {
    private record Sample(String name, Map<String, String> labels, double value) {}

    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final List<Sample> samples = new ArrayList<>();
    private final String text;

    private Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) samples.add(parse(line));
        }
    }

    public static Scrape of(HttpApi http) {
        return of(http.get("/metrics", null).text());
    }

    /** A scrape already taken, e.g. {@code Metrics.scrape()} of a node's parts built in the test. */
    public static Scrape of(String text) {
        return new Scrape(text);
    }

    /** The sum of the samples of {@code name} whose labels include all of {@code labels}; 0 when there are none. */
    public double value(String name, Map<String, String> labels) {
        return matching(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    public double value(String name) {
        return value(name, Map.of());
    }

    /** True when some sample of {@code name} has all of {@code labels}. */
    public boolean has(String name, Map<String, String> labels) {
        return !matching(name, labels).isEmpty();
    }

    public boolean has(String name) {
        return has(name, Map.of());
    }

    public String text() {
        return text;
    }

    private List<Sample> matching(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet())).toList();
    }

    /** {@code name{a="x",b="y"} value}; a label value may hold commas and escaped quotes. */
    private static Sample parse(String line) {
        int brace = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        Map<String, String> labels = new LinkedHashMap<>();
        String name = brace < 0 ? line.substring(0, space) : line.substring(0, brace);
        if (brace >= 0) {
            Matcher label = LABEL.matcher(line.substring(brace + 1, line.lastIndexOf('}')));
            while (label.find()) labels.put(label.group(1), label.group(2));
        }
        return new Sample(name, labels, Double.parseDouble(line.substring(space + 1)));
    }
}
