// Progress for long commands, on stderr so stdout stays clean for data. A bar on a terminal; elsewhere (CI, pipes)
// a line every few seconds.
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, payload?: Record<string, string | number>): void;
  stop(): void;
}

export function startProgress(label: string, total: number, format = '{bar} {percentage}% | {value}/{total}', initial: Record<string, string | number> = {}): Progress {
  const bar = new cliProgress.SingleBar({
    format: `${label} ${format}`,
    stream: process.stderr,
    noTTYOutput: true,
    notTTYSchedule: 5000,
    hideCursor: true,
  }, cliProgress.Presets.shades_classic);
  bar.start(total, 0, initial);
  return {
    update: (done, payload) => bar.update(done, payload),
    stop: () => bar.stop(),
  };
}
