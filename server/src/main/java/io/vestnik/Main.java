package io.vestnik;

import io.vestnik.config.Config;
import io.vestnik.config.ConfigLoader;
import io.vestnik.node.BackupCommand;
import io.vestnik.node.KeysCommand;
import io.vestnik.node.Node;
import io.vestnik.node.RestoreCommand;
import io.vestnik.node.StartupSummary;
import io.vestnik.store.DataDirectoryLock;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the configuration, starts a node, and stops it cleanly on SIGTERM / Ctrl-C; or runs one
 * command and exits: {@code keys ...} manages service keys ({@link KeysCommand}), {@code backup FILE}
 * and {@code restore FILE} copy the embedded database out and back ({@link BackupCommand},
 * {@link RestoreCommand}).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        ConfigLoader.Loaded loaded;
        try {
            loaded = ConfigLoader.load(System.getenv());
        } catch (ConfigLoader.InvalidConfig e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        var config = loaded.config();
        // Before the first logger: logback.xml reads these to pick the format and levels.
        config.logging().logbackProperties().forEach(System::setProperty);
        Logger log = LoggerFactory.getLogger(Main.class);
        loaded.warnings().forEach(log::warn);
        if (args.length > 0) System.exit(command(config, args[0], Arrays.asList(args).subList(1, args.length)));
        Node node;
        try {
            node = Node.start(config);
        } catch (DataDirectoryLock.Held taken) {
            System.err.println(taken.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "vestnik-shutdown"));
        StartupSummary.lines(config, node.port(), Main.class.getPackage().getImplementationVersion()).forEach(log::info);
    }

    private static int command(Config config, String name, List<String> args) {
        return switch (name) {
            case "keys" -> new KeysCommand(System.out, System.err).run(config, args);
            case "backup" -> new BackupCommand(System.out, System.err).run(config, args);
            case "restore" -> new RestoreCommand(System.out, System.err, Clock.systemUTC()).run(config, args);
            default -> {
                System.err.println("usage: bin/vestnik [keys ... | backup <file> | restore <file>]");
                yield 2;
            }
        };
    }
}
