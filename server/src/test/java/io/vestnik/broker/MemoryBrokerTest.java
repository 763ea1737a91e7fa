package io.vestnik.broker;

class MemoryBrokerTest extends BrokerContract {

    @Override
    protected Broker newBroker(String nodeId) {
        return new MemoryBroker();
    }
}
