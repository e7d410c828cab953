// The command line of CONTRACT section 5: `tributary ingest | export | recompute | start | demo | conversions status`.
// Each command's module is loaded only when it runs, so `export` does not pay for the HTTP server or the demo generator.
import { Argument, Command, Option } from 'commander';
import { ConfigError, loadConfig, type Config } from '../../app/config.js';
import { EXPORT_KINDS } from '../../app/export.js';
import { CREDIT_MODELS, type CreditModel } from '../../core/attribution/credits.js';
import { InputError } from '../../app/input-error.js';
import { parseTimeRange } from '../../app/time-range.js';
import { REPORT_NAMES, type ReportName } from '../../app/reports/params.js';
import { REPORT_FORMATS, type ReportFormat } from './report-formats.js';
import { CHANNEL_MODELS } from '../../core/attribution/channel-paths.js';
import { REPORT_KEYS } from '../../store/bi/reports/scope.js';
import { CREDIT_ENTITIES, type CreditEntity } from '../../store/bi/attribution-credits.js';
import { ServiceUnreachableError } from '../../ports/unreachable.js';
import { DataDirError } from '../../adapters/pglite/data-dir.js';

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
  .addOption(new Option('--model <model>', 'credits of one model only').choices(CREDIT_MODELS))
  .action(async (kind: (typeof EXPORT_KINDS)[number], opts: { model?: CreditModel }) => {
    if (opts.model !== undefined && kind !== 'credits') program.error(`--model applies to 'export credits' only, not to 'export ${kind}'`, { exitCode: 2 });
    await (await import('./export-command.js')).runExport(config(), kind, opts);
  });

program.command('models')
  .description('channel-level multi-touch and data-driven models')
  .command('paths')
  .description('every model per channel (JSON Lines) over a path file in ChannelAttribution\'s format, or over the stored paths')
  .argument('[file]', 'path;total_conversions;total_conversion_value;total_null lines (- for stdin); omit for the stored paths')
  .addOption(new Option('--entity <kind>', 'stored paths of companies or contacts').choices(CREDIT_ENTITIES).default('companies'))
  .option('--from <date>', 'stored paths: conversions from this date (inclusive, UTC)')
  .option('--to <date>', 'stored paths: conversions before this date (exclusive, UTC)')
  .action(async (file: string | undefined, opts: { entity: CreditEntity; from?: string; to?: string }, command: Command) => {
    if (file !== undefined && (opts.from !== undefined || opts.to !== undefined || command.getOptionValueSource('entity') === 'cli')) {
      program.error('--entity, --from and --to choose among the stored paths: leave them out with a FILE', { exitCode: 2 });
    }
    const range = parseTimeRange(opts.from, opts.to, { from: '--from', to: '--to' });
    process.exitCode = await (await import('./models-command.js')).runModelsPaths(config(), file, { entity: opts.entity, range });
  });

program.command('report')
  .description('a report (CONTRACT section 10): attribution, comparison, trend, paths, coverage or quality')
  .addArgument(new Argument('<name>', 'which report').choices(REPORT_NAMES))
  .addOption(new Option('--entity <kind>', 'companies or contacts').choices(CREDIT_ENTITIES))
  .option('--from <date>', 'conversions from this date (inclusive, UTC)')
  .option('--to <date>', 'conversions before this date (exclusive, UTC)')
  .addOption(new Option('--model <model>', 'attribution model (attribution, trend)').choices(CHANNEL_MODELS))
  .addOption(new Option('--by <key>', 'grouping (attribution, comparison, trend)').choices(REPORT_KEYS))
  .option('--limit <n>', 'paths: how many')
  .addOption(new Option('--format <format>', 'output').choices(REPORT_FORMATS).default('table'))
  .action(async (name: ReportName, opts: { format: ReportFormat } & Record<string, string | undefined>) => {
    const { format, ...params } = opts;
    await (await import('./report-command.js')).runReportCommand(config(), name, params, format);
  });

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
  const exitCode = error instanceof ConfigError || error instanceof InputError ? 2
    : error instanceof ServiceUnreachableError ? 3 : error instanceof DataDirError ? 4 : null;
  if (exitCode === null) throw error;
  console.error(`tributary: ${(error as Error).message}`);
  process.exitCode = exitCode;
}
