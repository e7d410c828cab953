// The command line of CONTRACT section 5: `tributary ingest | export | recompute | start | demo | conversions status`.
// Each command's module is loaded only when it runs, so `export` does not pay for the HTTP server or the demo generator.
import { Argument, Command, Option } from 'commander';
import { ConfigError, loadConfig, type Config } from '../../app/config.js';
import { EXPORT_KINDS } from '../../app/export.js';
import { ServiceUnreachableError } from '../../ports/unreachable.js';

const program = new Command()
  .name('tributary')
  .description('Marketing attribution from ad click to converted company, self-hosted.')
  .option('--data-dir <dir>', 'embedded store directory (env TRIBUTARY_DATA_DIR)', undefined)
  .showHelpAfterError();

function config(): Config {
  const dataDir = program.opts<{ dataDir?: string }>().dataDir;
  return loadConfig(process.env, dataDir ? { dataDir } : {});
}

const DRY_RUN_HELP = 'record what would be sent to the destinations without sending it (env TRIBUTARY_DRY_RUN)';
/** `--dry-run` on the command line turns dry run on whatever TRIBUTARY_DRY_RUN says. */
const withDryRun = (c: Config, opts: { dryRun?: boolean }): Config => (opts.dryRun ? { ...c, dryRun: true } : c);

program.command('ingest')
  .description('run a JSON Lines file (or - for stdin) through the whole pipeline, delayed work included')
  .argument('<file>', 'JSON Lines file, one event a line, or - for stdin')
  .option('--dry-run', DRY_RUN_HELP)
  .option('--no-workers', 'on RabbitMQ: only publish, and wait for worker processes elsewhere to drain the queues')
  .action(async (file: string, opts: { dryRun?: boolean; workers: boolean }) => { process.exitCode = await (await import('./ingest-command.js')).runIngest(withDryRun(config(), opts), file, { hostWorkers: opts.workers }); });

program.command('worker')
  .description('run chosen workers (all when none is named) against RabbitMQ and PostgreSQL; scale by running more')
  .argument('[names...]', 'worker names, e.g. VisitsRunner ClientAttributionRunner')
  .action(async (names: string[]) => { await (await import('./worker-command.js')).runWorkers(config(), names); });

program.command('collector')
  .description('serve only the HTTP collector and the attribution API (RabbitMQ and PostgreSQL); workers run elsewhere')
  .addOption(new Option('--port <port>', 'HTTP port').default('8080').argParser((v) => Number.parseInt(v, 10)))
  .addOption(new Option('--host <host>', 'address to listen on').default('127.0.0.1'))
  .action(async (opts: { port: number; host: string }) => { await (await import('./start-command.js')).runCollector(config(), opts); });

program.command('export')
  .description('print attribution as JSON Lines, sorted by id')
  .addArgument(new Argument('<kind>', 'what to export').choices(EXPORT_KINDS))
  .action(async (kind: (typeof EXPORT_KINDS)[number]) => { await (await import('./export-command.js')).runExport(config(), kind); });

program.command('recompute')
  .description('recompute every model from the stored touchpoints and identity links')
  .action(async () => { await (await import('./recompute-command.js')).runRecompute(config()); });

program.command('start')
  .description('serve the collector, the attribution API and every worker in one process')
  .addOption(new Option('--port <port>', 'HTTP port').default('8080').argParser((v) => Number.parseInt(v, 10)))
  .addOption(new Option('--host <host>', 'address to listen on').default('127.0.0.1'))
  .option('--dry-run', DRY_RUN_HELP)
  .action(async (opts: { port: number; host: string; dryRun?: boolean }) => { await (await import('./start-command.js')).runStart(withDryRun(config(), opts), opts); });

program.command('conversions')
  .description('offline-conversion uploads to the ad platforms')
  .command('status')
  .description('per platform: sent, failed and skipped (with their reasons), pending, dry run')
  .option('--json', 'print the counts as JSON')
  .action(async (opts: { json?: boolean }) => { await (await import('./conversions-command.js')).runConversionsStatus(config(), opts); });

program.command('demo')
  .description('generate a realistic synthetic history, ingest it, and compare the models by channel')
  .addOption(new Option('--companies <n>', 'companies to simulate').default(2000).argParser((v) => Number.parseInt(v, 10)))
  .addOption(new Option('--seed <n>', 'random seed').default(42).argParser((v) => Number.parseInt(v, 10)))
  .option('--serve', 'then serve the result (like `start`)')
  .addOption(new Option('--port <port>', 'HTTP port when serving').default('8080').argParser((v) => Number.parseInt(v, 10)))
  .action(async (opts: { companies: number; seed: number; serve?: boolean; port: number }) => { await (await import('./demo-command.js')).runDemo(config(), opts); });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Errors whose message already says what to do are printed as they are, each with its own exit code.
  const exitCode = error instanceof ConfigError ? 2 : error instanceof ServiceUnreachableError ? 3 : null;
  if (exitCode === null) throw error;
  console.error(`tributary: ${(error as Error).message}`);
  process.exitCode = exitCode;
}
