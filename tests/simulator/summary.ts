import Table from 'cli-table3';
import type { FaultCounts } from './fault-proxy.ts';
import type { SimulationResult } from './run.ts';

export function disruptedCount(counts: FaultCounts): number {
  return counts.drop + counts.delay + counts['cut-request'] + counts['cut-response'];
}

/** The run's summary as printed tables: what happened, then whether everything converged. */
export function formatSummary(result: SimulationResult): string {
  const { options, counters: c, faults: f, faultsDuringRun: r, convergence } = result;
  const pct = (n: number) => `${(n * 100).toFixed(1)} %`;
  const disruption = (counts: FaultCounts) => {
    const disrupted = disruptedCount(counts);
    const share = counts.requests === 0 ? 0 : disrupted / counts.requests;
    return (
      `${disrupted} of ${counts.requests} = ${pct(share)} (drop ${counts.drop}, ` +
      `delay ${counts.delay}, cut request ${counts['cut-request']}, ` +
      `cut response ${counts['cut-response']})`
    );
  };

  const run = new Table({ head: ['run', ''], style: { head: [] } });
  run.push(
    ['store', result.store],
    [
      'devices',
      `${options.citizens + options.staff} (${options.citizens} citizens, ${options.staff} staff) ` +
        `in ${options.processes} processes, at most ${options.maxActivePerProcess} open per process`,
    ],
    ['signed in', `${result.signedIn.citizens} citizens, ${result.signedIn.staff} staff`],
    ['run / settle', `${result.runS.toFixed(0)} s / ${result.settleS.toFixed(0)} s`],
    ['app sessions', `${c.sessions} (offline spells ${c.offlineSpells})`],
    ['reports', `${c.reports} (${c.reportsOffline} written offline), ${c.photos} photos`],
    ['staff actions', `${c.actions} (${c.actionsOffline} written offline)`],
    ['sign-ins', `${c.signIns} (${c.signInRetries} retried attempts)`],
    ['sync errors seen by devices', String(c.syncErrors)],
    ['disrupted while faults were on', disruption(r)],
    ['disrupted, run and settle', disruption(f)],
    ['answered 502 (server down)', String(f.upstreamErrors)],
    ['SIGKILL restarts', String(result.kills)],
    [
      'server open files',
      `peak ${result.openFiles.peak}, limit ${result.openFiles.limit ?? 'unknown'}` +
        (process.env.SIM_RAISED_OPEN_FILES
          ? ` (raised from ${process.env.SIM_RAISED_OPEN_FILES})`
          : ''),
    ],
  );

  const checks = new Table({
    head: ['convergence check', 'expected', 'right', 'wrong', 'first problems'],
    style: { head: [] },
    colWidths: [52, 10, 10, 8, 60],
    wordWrap: true,
  });
  for (const check of convergence.checks) {
    checks.push([
      check.name,
      check.expected,
      check.ok,
      check.problemCount,
      check.problems.slice(0, 3).join('\n'),
    ]);
  }
  const verdict =
    `lost ${convergence.lost}, duplicated ${convergence.duplicated}: ` +
    (convergence.converged && convergence.lost === 0 && convergence.duplicated === 0
      ? 'CONVERGED'
      : 'NOT CONVERGED');
  return `${run.toString()}\n${checks.toString()}\n${verdict}`;
}
