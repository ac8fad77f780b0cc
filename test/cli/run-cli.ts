import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
/** The command as people run it: Node.js 24 with the project's flags, through the JavaScript entry point. */
const careweave = path.join(root, 'bin/careweave');

export type CliResult = { status: number | null; stdout: string; stderr: string };

/**
 * The environment a command gets: only what the test gives, so a DATABASE_URL or DATA_DIR of the
 * machine running the tests never leaks in.
 */
export function cliEnvironment(variables: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    COOKIE_SECURE: 'false',
    CI: 'true',
    LOG_LEVEL: 'silent',
    ...variables,
  };
}

/** Runs the real careweave command to its end and collects what it printed. */
export async function runCli(
  args: string[],
  variables: Record<string, string>,
  options: { timeoutMs?: number; uid?: number; gid?: number } = {},
): Promise<CliResult> {
  const { timeoutMs = 120_000, ...user } = options;
  const child = spawn(careweave, args, {
    cwd: root,
    env: cliEnvironment(variables),
    stdio: ['ignore', 'pipe', 'pipe'],
    ...user,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  clearTimeout(timer);
  return { status, stdout, stderr };
}

/** Starts a long-running command (serve) and resolves once a line of its output matches, or rejects if it ends first. */
export async function startCli(
  args: string[],
  variables: Record<string, string>,
  ready: RegExp,
  timeoutMs = 60_000,
): Promise<{ child: ChildProcess; output: () => string; stop: () => Promise<number | null> }> {
  const child = spawn(careweave, args, {
    cwd: root,
    env: cliEnvironment(variables),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`careweave ${args.join(' ')} did not start in time: ${output}`)),
      timeoutMs,
    );
    const listen = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', listen);
    child.stderr.on('data', listen);
    void closed.then((code) => {
      clearTimeout(timer);
      reject(new Error(`careweave ${args.join(' ')} ended (${code}) before it was ready: ${output}`));
    });
  });
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return closed;
    },
  };
}

/** The lines a command wrote to stderr, without the empty one after the last newline. */
export function stderrLines(result: CliResult): string[] {
  return result.stderr.split('\n').filter((line) => line.trim() !== '');
}
