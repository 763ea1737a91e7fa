package io.vestnik;

import io.vestnik.config.ConfigLoader;
import io.vestnik.node.KeysCommand;
import io.vestnik.node.Node;
import io.vestnik.node.StartupSummary;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the configuration, starts a node, and stops it cleanly on SIGTERM / Ctrl-C; or, given
 * {@code keys ...}, manages service keys and exits ({@link KeysCommand}).
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
        if (args.length > 0 && args[0].equals("keys")) {
            System.exit(new KeysCommand(System.out, System.err).run(config, Arrays.asList(args).subList(1, args.length)));
        }
        Node node = Node.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "vestnik-shutdown"));
        StartupSummary.lines(config, node.port(), Main.class.getPackage().getImplementationVersion()).forEach(log::info);
    }
}
