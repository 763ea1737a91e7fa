package io.vestnik.store.redis;

import io.vestnik.redis.RedisConnections;
import io.vestnik.store.TicketLedger;
import io.vestnik.store.TicketLedgerContract;
import io.vestnik.testing.RedisClusterPerClass;
import java.time.Clock;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ledger's promises through a real three-master Redis Cluster, two nodes with their own clients. */
@Timeout(60)
class RedisClusterTicketLedgerTest extends TicketLedgerContract {
    @RegisterExtension
    static final RedisClusterPerClass cluster = new RedisClusterPerClass();
    private RedisConnections first;
    private RedisConnections second;

    @Override
    protected TicketLedger open() {
        first = new RedisConnections(cluster.url());
        return new RedisTicketLedger(first, Clock.systemUTC());
    }

    @Override
    protected TicketLedger openPeer(TicketLedger ledger) {
        second = new RedisConnections(cluster.url());
        return new RedisTicketLedger(second, Clock.systemUTC());
    }

    @Override
    protected void closeAll() {
        second.close();
        first.close();
    }
}
