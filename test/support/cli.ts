// The command line as a user runs it: a real process of bin/tributary.js.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/tributary.js', import.meta.url));

export function run(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env: { ...process.env, TRIBUTARY_GEOIP: 'off' }, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? (error.code as number) ?? 1 : 0, stdout, stderr }));
    if (input !== undefined) child.stdin!.end(input);
  });
}
