// The command line as a user runs it: a real process of bin/tributary.js.
import { execFile, spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/tributary.js', import.meta.url));

/**
 * `input` is the whole of stdin, or a function that writes it piece by piece. With `killAfterInput`, the command is
 * killed with SIGKILL as soon as that function is done (`killed` says whether it was still running).
 */
export function run(args: string[], input?: string | ((stdin: Writable) => Promise<void>), options: { killAfterInput?: boolean } = {}): Promise<{ code: number; stdout: string; stderr: string; killed: boolean }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env: { ...process.env, TRIBUTARY_GEOIP: 'off' }, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? (error.code as number) ?? 1 : 0, stdout, stderr, killed: error?.signal === 'SIGKILL' }));
    child.stdin!.on('error', () => {}); // EPIPE, when the command is killed or exits before reading all of it
    if (typeof input === 'string') child.stdin!.end(input);
    else if (input) void input(child.stdin!).then(() => { if (options.killAfterInput) child.kill('SIGKILL'); });
  });
}

export interface StartedProcess {
  url: string;
  output(): string;
  stop(): Promise<void>;
  /** kill -9, as a crash or the OOM killer would: nothing runs after it. */
  kill(): Promise<void>;
}

/**
 * `tributary start --port 0` as a process: resolves with the address its log announces ("Server listening at ..."),
 * and rejects with everything the process printed if it exits first, so a failed start says why.
 */
export function startProcess(dataDir: string, env: Record<string, string>): Promise<StartedProcess> {
  const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, 'start', '--port', '0'], {
    env: { ...process.env, TRIBUTARY_GEOIP: 'off', ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await exited;
  };
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const found = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (found) resolve({ url: found[1]!, output: () => out, stop, kill });
    });
    child.stderr!.on('data', (chunk) => { out += chunk; });
    child.once('exit', (code, signal) => reject(new Error(`tributary start exited (${code ?? signal}) before listening:\n${out}`)));
  });
}
