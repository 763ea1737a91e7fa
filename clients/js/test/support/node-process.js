import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './await.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const TARGET = join(ROOT, 'server/target');

/** The server jar bin/test (or `mvn -pl server package`) built. */
function serverJar() {
  const jar = readdirSync(TARGET, { withFileTypes: true })
    .map((entry) => entry.name)
    .find((name) => /^vestnik-server-.*\.jar$/.test(name) && !/-(sources|javadoc|tests)\.jar$/.test(name));
  if (!jar) throw new Error(`No server jar in ${TARGET}: build it with mvn -pl server -DskipTests package`);
  return join(TARGET, jar);
}

const java = () => join(execFileSync(join(ROOT, 'bin/lib/jdk.sh'), { encoding: 'utf8' }).trim(), 'bin/java');

/**
 * A real Vestnik node as a child process, on its own data directory (SQLite unless the settings
 * name PostgreSQL). `kill()` is SIGKILL, as a crash; `restart()` comes back on the same port and
 * data directory.
 */
export class NodeProcess {
  #settings;
  #child = null;
  #log = '';
  port = 0;

  constructor(settings) {
    this.dataDir = mkdtempSync(join(tmpdir(), 'vestnik-sdk-'));
    this.#settings = settings;
  }

  static async start(settings = {}) {
    const node = new NodeProcess(settings);
    await node.#launch();
    return node;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async #launch() {
    const env = {
      ...process.env,
      VESTNIK_HOST: '127.0.0.1',
      VESTNIK_PORT: String(this.port),
      VESTNIK_DATA_DIR: this.dataDir,
      VESTNIK_RATE_LIMITS: 'off',
      ...this.#settings,
    };
    const child = spawn(java(), ['--enable-native-access=ALL-UNNAMED', '-Xmx256m', '-jar', serverJar()], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.exited = exited;
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => (this.#log = (this.#log + chunk).slice(-20_000)));
    await waitFor(`the node to listen\n${this.#log}`, () => child.exitCode !== null || this.#listeningPort(), 60_000);
    if (child.exitCode !== null) throw new Error(`The node exited:\n${this.#log}`);
    this.port = this.#listeningPort();
    await waitFor('the node to be ready', () => this.#ready(), 60_000);
  }

  #listeningPort() {
    const match = /listening on http:\/\/[^:]+:(\d+)/.exec(this.#log);
    return match && Number(match[1]);
  }

  async #ready() {
    try {
      return (await fetch(`${this.url}/health/ready`)).ok;
    } catch {
      return false;
    }
  }

  async kill() {
    if (!this.#child || this.#child.exitCode !== null) return;
    this.#child.kill('SIGKILL');
    await this.#child.exited;
  }

  async restart() {
    this.#log = '';
    await this.#launch();
  }

  async close() {
    await this.kill();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
