// Run as a child process by close.test.js: uses a client (socket, heartbeat, typing timer,
// sends), closes it, and reports when it exited: by itself, once nothing holds the event loop.
import { clientFor, sendMany, twoUsersChatting } from './scenario.js';

const url = process.argv[2];
const { alice, bob, chatId } = await twoUsersChatting(url);
const client = clientFor(url, bob);
const received = new Promise((resolve) => client.on('message', (message) => message.seq === 3 && resolve()));
await client.connect();
client.typing(chatId);
await sendMany(url, alice, chatId, 2);
await client.send(chatId, 'bye').stored;
await received;
const open = process.getActiveResourcesInfo();
await client.close();
const closedAt = Date.now();
// Written synchronously (stdout is a pipe): the parent checks how soon after close() this ran.
process.on('exit', () => console.log(JSON.stringify({ open, closedAt, exitedAt: Date.now() })));
