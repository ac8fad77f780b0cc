// Starting the bench server and putting one page under load: shared by the benchmark's measurements.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

const root = path.resolve(import.meta.dirname, '..');

export type PageFigures = { rps: number; p50: number; p99: number; requests: number };

/**
 * bench/server.ts in its own process, with `env` over this one's; resolves once it prints its port. It runs as
 * `bin/careweave` runs the service: with the flags in bin/node-flags and Node.js's compile cache in the same place.
 */
export function startBenchServer(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const flags = fs.readFileSync(path.join(root, 'bin/node-flags'), 'utf8').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...flags, path.join(root, 'bench/server.ts')], {
    env: { NODE_COMPILE_CACHE: path.join(os.tmpdir(), 'node-compile-cache'), ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => {
      const { port } = JSON.parse(chunk.toString()) as { port: number };
      resolve({ child, port });
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

/** Stops a bench server and waits until it has gone. */
export async function stopBenchServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** `connections` at once on one page; throws, saying what went wrong, if any request did not get a 2xx answer. */
export async function loadPage(
  name: string,
  url: string,
  cookie: string,
  seconds: number,
  connections: number,
): Promise<PageFigures> {
  const result = await autocannon({ url, connections, duration: seconds, headers: { cookie } });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    const codes = Object.entries(result.statusCodeStats ?? {})
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, { count }]) => `${count} × ${code}`);
    throw new Error(
      `The ${name} failed under load: ${result.non2xx} answers other than 2xx${codes.length ? ` (${codes.join(', ')})` : ''}, ${result.errors} errors, ${result.timeouts} time-outs.`,
    );
  }
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
  };
}
