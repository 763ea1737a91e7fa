package io.vestnik.node;

import io.vestnik.auth.ServiceKeys;
import io.vestnik.config.Config;
import io.vestnik.domain.Scope;
import io.vestnik.domain.ServiceKey;
import io.vestnik.protocol.Problem;
import io.vestnik.store.Storage;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code bin/vestnik keys ...}: creates, lists and revokes service keys straight in the configured
 * database, with no server running (and while nodes run: they look keys up on every call). A new
 * key alone goes to standard output, so {@code KEY=$(bin/vestnik keys create shop users)} works.
 */
public final class KeysCommand {
    static final String USAGE = """
            usage: bin/vestnik keys create <name> <scope>...   scopes: %s
                   bin/vestnik keys list
                   bin/vestnik keys revoke <id>""".formatted(
            Arrays.stream(Scope.values()).map(Scope::wire).collect(Collectors.joining(" ")));

    private final PrintStream out;
    private final PrintStream err;

    public KeysCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** @param args the words after {@code keys}; returns the process's exit status */
    public int run(Config config, List<String> args) {
        if (!understood(args)) {
            err.println(USAGE);
            return 2;
        }
        try (Storage storage = Engines.storage(config, io.vestnik.store.StorageMeters.NONE)) {
            storage.start();
            return run(new ServiceKeys(storage.serviceKeys(), Clock.systemUTC()), args);
        } catch (Problem refused) {
            err.println("vestnik keys: " + refused.getMessage());
            return refused.code().status() == 404 ? 1 : 2;
        }
    }

    private static boolean understood(List<String> args) {
        if (args.isEmpty()) return false;
        return switch (args.getFirst()) {
            case "create" -> args.size() >= 3;
            case "list" -> args.size() == 1;
            case "revoke" -> args.size() == 2 && args.get(1).matches("\\d{1,18}");
            default -> false;
        };
    }

    private int run(ServiceKeys keys, List<String> args) {
        switch (args.getFirst()) {
            case "create" -> create(keys, args.get(1), args.subList(2, args.size()));
            case "list" -> keys.list().forEach(key -> out.println(line(key)));
            default -> {
                keys.revoke(Long.parseLong(args.get(1)));
                err.println("Revoked key " + args.get(1) + "; every node refuses it from now on.");
            }
        }
        return 0;
    }

    private void create(ServiceKeys keys, String name, List<String> scopes) {
        ServiceKeys.Issued issued = keys.create(new ServiceKeys.NewKey(name, scopes));
        out.println(issued.key());
        err.println("Created key " + issued.id() + " '" + issued.name() + "' (" + wire(issued.scopes().stream().toList())
                + "). Store it now: it is not shown again.");
    }

    private static String line(ServiceKey key) {
        return String.join("\t", Long.toString(key.id()), key.name(), wire(key.scopes().stream().toList()),
                "created " + key.createdAt(), key.lastUsedAt() == null ? "never used" : "last used " + key.lastUsedAt());
    }

    private static String wire(List<Scope> scopes) {
        return scopes.stream().map(Scope::wire).collect(Collectors.joining(","));
    }
}
