package io.vestnik.testing;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects, read the way Prometheus' parser would see them:
 * an identifier that stands alone or before a {@code {...}} selector. Left out: functions and
 * aggregations (an identifier before {@code (}), keywords and set operators, label names and
 * values inside selectors, {@code by}/{@code without}/{@code on}/{@code ignoring}/{@code group_*}
 * lists, durations and numbers, string literals and Grafana variables ({@code $node},
 * {@code ${node}}, {@code $__rate_interval}).
 */
public final class PromQl {
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+|\\[\\[\\w+]]");
    private static final Pattern SELECTOR = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LIST = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    /** An identifier not glued to a number before it (the "m" of "5m", the "e3" of "1e3"). */
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w:.])[a-zA-Z_:][\\w:]*");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "atan2", "bool", "offset",
            "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan", "start", "end");

    private PromQl() {}

    public static Set<String> metricNames(String expression) {
        String bare = strip(expression);
        Set<String> names = new LinkedHashSet<>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            String name = identifier.group();
            if (!KEYWORDS.contains(name.toLowerCase()) && !calledAsFunction(bare, identifier.end())) names.add(name);
        }
        return names;
    }

    /** The expression as Prometheus can run it: Grafana's interval variables as 1m, every other variable as ".*". */
    public static String withGrafanaVariablesResolved(String expression) {
        return expression.replaceAll("\\$__\\w+", "1m").replaceAll(GRAFANA_VARIABLE.pattern(), ".*");
    }

    /** Everything that is not a metric name or a function call made blank, in an order where each step sees no leftovers of the others. */
    private static String strip(String expression) {
        String bare = STRING.matcher(expression).replaceAll(" ");
        bare = GRAFANA_VARIABLE.matcher(bare).replaceAll(" ");
        bare = SELECTOR.matcher(bare).replaceAll(" ");
        bare = RANGE.matcher(bare).replaceAll(" ");
        return LABEL_LIST.matcher(bare).replaceAll(" ");
    }

    private static boolean calledAsFunction(String text, int end) {
        int next = end;
        while (next < text.length() && Character.isWhitespace(text.charAt(next))) next++;
        return next < text.length() && text.charAt(next) == '(';
    }
}
