package io.vestnik.config;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/**
 * How much time one partition of the PostgreSQL messages table covers ({@code
 * VESTNIK_PARTITION_INTERVAL}). Boundaries are UTC calendar boundaries, so every node computes the
 * same ones. Retention drops whole partitions: a message goes at most one interval after its
 * retention period ends.
 */
public enum PartitionInterval {
    MONTH, WEEK, DAY;

    public static final PartitionInterval DEFAULT = MONTH;

    /** The start of the interval that holds {@code at}. */
    public Instant floor(Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        LocalDate start = switch (this) {
            case MONTH -> day.withDayOfMonth(1);
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case DAY -> day;
        };
        return start.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The first boundary strictly after {@code at}. */
    public Instant next(Instant at) {
        LocalDate start = LocalDate.ofInstant(floor(at), ZoneOffset.UTC);
        LocalDate next = switch (this) {
            case MONTH -> start.plusMonths(1);
            case WEEK -> start.plusWeeks(1);
            case DAY -> start.plusDays(1);
        };
        return next.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
