// The benchmark's view of a server process: its memory, how long it takes to serve its first page, and how a
// figure is printed against its aim.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Resident set size of a process, in MB. */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

/** The process's memory after it has been left alone for `ms`. */
export async function idle(pid: number, ms: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return rssMb(pid);
}

/** One line of the report: the figure, and whether it meets its aim. */
export const aim = (text: string, met: boolean) => `  ${met ? 'meets aim' : 'MISSES AIM'}: ${text}`;

/** Process start to the first page served by `bin/careweave serve`, on a database that already exists. */
async function startOnce(root: string, env: Record<string, string>): Promise<number> {
  const started = performance.now();
  const child = spawn(path.join(root, 'bin/careweave'), ['serve'], {
    env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'silent', COOKIE_SECURE: 'false' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const match = /running at http:\/\/[^:]+:(\d+)/.exec(chunk.toString());
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', (code) => reject(new Error(`careweave serve exited with ${code}`)));
    });
    const response = await fetch(`http://127.0.0.1:${port}/sign-in`);
    if (response.status !== 200) throw new Error(`the first page answered ${response.status}`);
    return Math.round(performance.now() - started);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

/** The median of three cold starts. */
export async function coldStart(root: string, env: Record<string, string>): Promise<number> {
  const times = [];
  for (let run = 0; run < 3; run += 1) times.push(await startOnce(root, env));
  return times.sort((a, b) => a - b)[1]!;
}
