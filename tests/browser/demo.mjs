// The demo (scripts/develop) as a user starts it, and the test lanes it must leave alone.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, openSync, readFileSync, readdirSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const PROJECT = fileURLToPath(new URL('../..', import.meta.url));

// Deadlines in milliseconds: generous for a busy machine, but every wait has one.
const READY = 300_000;
const STOP = 60_000;
const POLL = 250;

// What scripts/develop prints once Home Assistant is onboarded and answers.
const READY_LINE = 'Press Ctrl-C to stop both.';
const FINGERPRINT = /certificate: +SHA-256 ([0-9A-F:]{95})/;
// What Home Assistant logs once each time it starts (scripts/develop gives it --skip-pip).
const HASS_STARTED = /Skipping pip installation of required modules/g;

/** A port of 127.0.0.1 free now. */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The demo: scripts/develop in a process group of its own, its output in a file. */
export class Demo {
  constructor({ config, log, simPort, hassPort, https = false }) {
    Object.assign(this, { config, log, simPort, hassPort, https });
    this.url = `http://127.0.0.1:${hassPort}`;
  }

  async start() {
    const args = ['--config', this.config, '--port', String(this.simPort), '--hass-port', String(this.hassPort)];
    if (this.https) args.push('--https');
    const out = openSync(this.log, 'w');
    this.process = spawn(join(PROJECT, 'scripts/develop'), args, {
      cwd: PROJECT,
      detached: true,
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    this.exited = new Promise((resolve) => this.process.on('exit', (code, signal) => resolve(code ?? signal)));
    this.exitCode = undefined;
    this.exited.then((code) => { this.exitCode = code; });
    await this.until('the demo ready', READY, () => this.output().includes(READY_LINE) || undefined);
  }

  /** Everything the demo printed, its Home Assistant's log included. */
  output() {
    return existsSync(this.log) ? readFileSync(this.log, 'utf8') : '';
  }

  /** Whether Home Assistant answers HTTP. */
  async answers() {
    try {
      return (await fetch(`${this.url}/auth/providers`)).ok;
    } catch {
      return false;
    }
  }

  /** How many times Home Assistant started, by its log: a restart is one more. */
  hassStarts() {
    return this.output().match(HASS_STARTED)?.length ?? 0;
  }

  /** The SHA-256 fingerprint of the simulator's certificate, as the simulator printed it. */
  fingerprint() {
    return this.output().match(FINGERPRINT)?.[1];
  }

  /** Call `attempt` until it answers something, or fail; fail early if the demo ended. */
  async until(what, deadline, attempt) {
    const end = Date.now() + deadline;
    for (;;) {
      if (this.exitCode !== undefined) {
        throw new Error(`${what}: scripts/develop ended (${this.exitCode}):\n${this.tail()}`);
      }
      const result = await attempt();
      if (result !== undefined) return result;
      if (Date.now() > end) throw new Error(`${what}: not within ${deadline / 1000} s:\n${this.tail()}`);
      await sleep(POLL);
    }
  }

  /** Ctrl-C, as a user stops it; killed if it does not stop in time. */
  async stop() {
    if (!this.process || this.exitCode !== undefined) return;
    process.kill(-this.process.pid, 'SIGINT');
    const stopped = await Promise.race([
      this.exited.then(() => true),
      // Unreferenced: once stopped, nothing waits for it.
      sleep(STOP, false, { ref: false }),
    ]);
    if (!stopped) {
      process.kill(-this.process.pid, 'SIGKILL');
      await this.exited;
      throw new Error(`scripts/develop did not stop within ${STOP / 1000} s of Ctrl-C`);
    }
  }

  tail(lines = 40) {
    return this.output().split('\n').slice(-lines).map((line) => `  | ${line}`).join('\n');
  }
}

/**
 * What each test lane (a virtual environment under .venv/) holds: the name and
 * version of every installed distribution, and a digest of its files' list.
 */
export function lanes() {
  const venvs = join(PROJECT, '.venv');
  const found = {};
  for (const lane of readdirSync(venvs).sort()) {
    const lib = join(venvs, lane, 'lib');
    if (!existsSync(join(venvs, lane, 'pyvenv.cfg')) || !existsSync(lib)) continue;
    for (const python of readdirSync(lib)) {
      const sitePackages = join(lib, python, 'site-packages');
      if (!existsSync(sitePackages)) continue;
      const entries = readdirSync(sitePackages).sort();
      found[lane] = {
        distributions: entries.filter((name) => name.endsWith('.dist-info')),
        entries: createHash('sha256').update(entries.join('\n')).digest('hex'),
      };
    }
  }
  return found;
}
