package io.vestnik.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The faults of one chaos run, each a named pair of actions at fixed offsets from the start of
 * the load. A new kind of fault (a PostgreSQL restart, say) is one more {@link #add} call; the
 * runner, the report and the recovery measurement need no change.
 */
final class FaultSchedule {
    /** A fault: {@code inject} at {@code atMs}, {@code heal} {@code lastsMs} later. */
    record Fault(String name, long atMs, long lastsMs, Runnable inject, Runnable heal) {}

    /** When a fault's actions actually completed, in ms since the load started. */
    record Outcome(Fault fault, long injectedAtMs, long healedAtMs) {}

    private final List<Fault> faults = new ArrayList<>();

    FaultSchedule add(String name, long atMs, long lastsMs, Runnable inject, Runnable heal) {
        faults.add(new Fault(name, atMs, lastsMs, inject, heal));
        return this;
    }

    /**
     * Runs every fault in order of start time on the calling thread; {@code clock} gives ms since
     * the load started. Faults must not overlap (each heals before the next is injected), so a
     * recovery time belongs to exactly one fault.
     */
    List<Outcome> run(Clock clock) throws InterruptedException {
        List<Fault> ordered = faults.stream().sorted(Comparator.comparingLong(Fault::atMs)).toList();
        List<Outcome> outcomes = new ArrayList<>();
        for (Fault fault : ordered) {
            sleepUntil(clock, fault.atMs());
            fault.inject().run();
            long injected = clock.nowMs();
            System.out.printf("chaos: %6d ms  %s: injected%n", injected, fault.name());
            sleepUntil(clock, injected + fault.lastsMs());
            fault.heal().run(); // returns once the component serves again (node ready, Redis accepting)
            long healed = clock.nowMs();
            System.out.printf("chaos: %6d ms  %s: healed%n", healed, fault.name());
            outcomes.add(new Outcome(fault, injected, healed));
        }
        return outcomes;
    }

    private static void sleepUntil(Clock clock, long atMs) throws InterruptedException {
        long wait = atMs - clock.nowMs();
        if (wait > 0) Thread.sleep(wait);
    }

    /** Milliseconds since the load started; one clock for faults, sends and receipts. */
    interface Clock {
        long nowMs();
    }
}
