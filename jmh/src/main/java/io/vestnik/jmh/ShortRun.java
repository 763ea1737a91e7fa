package io.vestnik.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The suite's run length, inherited by every benchmark: short, so that bin/jmh finishes the
 * whole suite in about five to six minutes. Enough to see a regression of tens of percent; for
 * finer comparisons pass longer settings (e.g. {@code -f 3 -wi 5 -i 10}), which override these.
 * The flags: SQLite's JDBC driver loads native code, and JMH reads field offsets through
 * sun.misc.Unsafe; both warn on JDK 25 otherwise.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 2, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
public abstract class ShortRun {}
