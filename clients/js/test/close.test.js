import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { NodeProcess } from './support/node-process.js';

describe('close()', { timeout: 120_000 }, () => {
  let node;
  before(async () => {
    node = await NodeProcess.start();
  });
  after(() => node?.close());

  it('releases every socket and timer: the process exits by itself', async () => {
    const child = fileURLToPath(new URL('./support/close-child.js', import.meta.url));
    const output = await new Promise((resolve, reject) =>
      execFile(process.execPath, [child, node.url], { timeout: 30_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
    );
    const { open, closedAt, exitedAt } = JSON.parse(output);
    assert.ok(open.includes('Timeout') && open.includes('TCPSocketWrap'), `while open the client held a socket and timers: ${open}`);
    // The socket's close handshake takes a round trip; any timer or socket of ours would hold it for seconds.
    assert.ok(exitedAt - closedAt < 1_000, `exited ${exitedAt - closedAt} ms after close()`);
  });
});
