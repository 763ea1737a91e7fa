package io.vestnik.redis;

import io.lettuce.core.RedisURI;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the node's Redis is, read from {@code VESTNIK_REDIS_URL}: one URL is one Redis (standalone,
 * today's behaviour); several, comma-separated, are seed nodes of a Redis Cluster. A seed may be
 * written as {@code host:port}, taking the scheme of the first ({@code redis://a:7000,b:7000,c:7000}).
 * Immutable.
 */
public record RedisTarget(List<RedisURI> seeds) {

    public RedisTarget {
        if (seeds.isEmpty()) throw new IllegalArgumentException("no Redis URL");
        seeds = List.copyOf(seeds);
    }

    public static RedisTarget parse(String url) {
        String[] parts = url.split(",");
        String first = parts[0].trim();
        String scheme = first.contains("://") ? first.substring(0, first.indexOf("://") + 3) : "redis://";
        List<RedisURI> seeds = new ArrayList<>();
        for (String part : parts) {
            String seed = part.trim();
            if (!seed.isEmpty()) seeds.add(uri(seed.contains("://") ? seed : scheme + seed));
        }
        return new RedisTarget(seeds);
    }

    /** Lettuce takes {@code redis://host:port-typo} as a host name; a host must be a host. */
    private static RedisURI uri(String text) {
        URI parsed = URI.create(text);
        if (parsed.getScheme().startsWith("redis") && !parsed.getScheme().contains("socket") && parsed.getHost() == null) {
            throw new IllegalArgumentException("no host:port in " + text);
        }
        return RedisURI.create(text);
    }

    /** True for a Redis Cluster (several seeds): keys are sharded and pub/sub is sharded Pub/Sub. */
    public boolean cluster() {
        return seeds.size() > 1;
    }

    /** The seeds, each with this command timeout. */
    public List<RedisURI> seeds(Duration timeout) {
        return seeds.stream().map(uri -> {
            RedisURI copy = RedisURI.builder(uri).build();
            copy.setTimeout(timeout);
            return copy;
        }).toList();
    }
}
