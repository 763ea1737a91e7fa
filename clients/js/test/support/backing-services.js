import { execFileSync, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { waitFor } from './await.js';

const PG_PORT = process.env.VESTNIK_TEST_PG_PORT ?? '5432';
const psql = (sql) => execFileSync('psql', ['-w', '-X', '-q', '-h', '127.0.0.1', '-p', PG_PORT, '-U', 'postgres', '-d', 'postgres', '-c', sql]);

/** A database of our own on the machine's PostgreSQL, dropped afterwards (the server is never stopped). */
export class ScratchDatabase {
  constructor() {
    this.name = `vestnik_sdk_${process.pid}_${Date.now()}`;
    psql(`CREATE DATABASE ${this.name}`);
    this.url = `jdbc:postgresql://127.0.0.1:${PG_PORT}/${this.name}?user=postgres`;
  }

  drop() {
    psql(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`);
  }
}

/**
 * A private redis-server on a free port: Redis Pub/Sub channels are global, so nodes on the
 * machine's shared Redis would hear other test runs' chats with the same ids.
 */
export class PrivateRedis {
  static async start() {
    const redis = new PrivateRedis();
    redis.port = await freePort();
    redis.process = spawn('redis-server', ['--port', String(redis.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    redis.exited = new Promise((resolve) => redis.process.once('exit', resolve));
    await waitFor('redis to listen', () => canConnect(redis.port), 10_000);
    return redis;
  }

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  async stop() {
    this.process.kill('SIGKILL');
    await this.exited;
  }
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const probe = connect(port, '127.0.0.1', () => {
      probe.destroy();
      resolve(true);
    });
    probe.on('error', () => resolve(false));
  });
}
