export { VestnikClient } from './client.js';
export { VestnikError } from './errors.js';
export { LocalStoragePositionStore, MemoryPositionStore } from './stores.js';
export { withReaction } from './reactions.js';
export { withThread } from './threads.js';
