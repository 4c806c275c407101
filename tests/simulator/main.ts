import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { openFilesLimitOf } from './open-files.ts';
import { runSimulation, type SimulationOptions } from './run.ts';
import { formatSummary } from './summary.ts';

/**
 * npm run simulate -- [--devices 500] [--staff 28] [--processes 8] [--duration 600]
 *   [--disruption 0.2] [--kills 10] [--seed 1] ...
 *
 * Starts the server (embedded store, or COUCHDB_URL), a fault proxy in front of it, and the
 * simulated devices in child processes; prints a progress bar, then the summary and the
 * convergence checks. Exits 1 when anything was lost, duplicated or did not converge.
 */
const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '500' },
    staff: { type: 'string', default: '28' },
    processes: { type: 'string', default: '8' },
    duration: { type: 'string', default: '600' },
    disruption: { type: 'string', default: '0.2' },
    kills: { type: 'string', default: '10' },
    'max-active': { type: 'string', default: '10' },
    reports: { type: 'string', default: '3' },
    photos: { type: 'string', default: '2' },
    offline: { type: 'string', default: '0.3' },
    'settle-timeout': { type: 'string', default: '900' },
    seed: { type: 'string', default: String(Date.now() % 100_000) },
  },
});

const num = (name: keyof typeof values) => {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number`);
  return value;
};

// About four open files per database in the embedded store, two databases per citizen.
const OPEN_FILES_PER_DEVICE = 10;
const OPEN_FILES_BASE = 1_000;

async function main(): Promise<void> {
  const staff = num('staff');
  const options: SimulationOptions = {
    citizens: num('devices') - staff,
    staff,
    processes: num('processes'),
    durationS: num('duration'),
    disruption: num('disruption'),
    kills: num('kills'),
    maxActivePerProcess: num('max-active'),
    maxReportsPerCitizen: num('reports'),
    maxPhotosPerReport: num('photos'),
    offlineShare: num('offline'),
    settleTimeoutS: num('settle-timeout'),
    seed: num('seed'),
    progress: process.stdout.isTTY === true,
  };
  if (options.maxActivePerProcess > 12) {
    throw new Error('--max-active: RxDB allows 13 open collections per process');
  }
  if (await reexecWithMoreOpenFiles(num('devices'))) return;

  console.log(`simulating ${num('devices')} devices, seed ${options.seed}`);
  const result = await runSimulation(options);
  console.log(formatSummary(result));
  if (process.env.SIM_RESULT_JSON) {
    await writeFile(process.env.SIM_RESULT_JSON, JSON.stringify(result, null, 2));
  }
  const { convergence } = result;
  const clean = convergence.converged && convergence.lost === 0 && convergence.duplicated === 0;
  process.exitCode = clean ? 0 : 1;
}

/**
 * The embedded store keeps files open per database; when this shell's limit is too low for
 * the run, start again under a raised soft limit (up to the hard one), which the server
 * process inherits.
 */
async function reexecWithMoreOpenFiles(devices: number): Promise<boolean> {
  const needed = OPEN_FILES_BASE + devices * OPEN_FILES_PER_DEVICE;
  const soft = await openFilesLimitOf('self');
  if (soft === undefined || soft >= needed || process.env.SIM_RAISED_OPEN_FILES) return false;
  const script = `ulimit -n "$(ulimit -Hn)" && exec "$@"`;
  const child = spawnSync(
    'sh',
    ['-c', script, 'sh', process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    {
      stdio: 'inherit',
      env: { ...process.env, SIM_RAISED_OPEN_FILES: String(soft) },
    },
  );
  process.exitCode = child.status ?? 1;
  return true;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
