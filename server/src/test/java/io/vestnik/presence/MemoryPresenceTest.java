package io.vestnik.presence;

class MemoryPresenceTest extends PresenceContract {
    @Override
    protected Presence newPresence(String nodeId) {
        return new MemoryPresence();
    }
}
