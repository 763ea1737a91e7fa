package io.vestnik.store;

import java.time.Instant;

/**
 * The ticket ledger in the database (table {@code used_tickets}), for nodes without Redis. Rows
 * do not expire by themselves: the cleanup job removes those past their {@code until}.
 */
public interface UsedTicketStore extends TicketLedger {

    /** Removes up to {@code limit} claims whose {@code until} is before {@code now}; returns how many. */
    int deleteExpired(Instant now, int limit);
}
