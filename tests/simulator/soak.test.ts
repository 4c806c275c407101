import { describe, expect, it } from 'vitest';
import type { CaseDoc } from '@smt/shared';
import { checkServer } from './convergence.ts';
import { runSimulation, type SimulationResult } from './run.ts';
import { disruptedCount, formatSummary } from './summary.ts';

/**
 * The soak in small: simulated phones and staff devices in two processes, a fifth of their
 * requests disrupted by the fault proxy and the server killed twice, and then everything must
 * have arrived exactly once. `npm run simulate` runs the same with hundreds of devices.
 */
describe('the device simulator, in small', () => {
  it('loses and duplicates nothing with 16 devices, 20 % of requests disrupted and 2 SIGKILLs', async () => {
    let planted: { lost: number; duplicated: number } | undefined;
    const result: SimulationResult = await runSimulation({
      citizens: 9,
      staff: 7,
      processes: 2,
      durationS: 50,
      disruption: 0.2,
      kills: 2,
      maxActivePerProcess: 8,
      maxReportsPerCitizen: 3,
      maxPhotosPerReport: 2,
      offlineShare: 0.3,
      // Run, settle and the checks must end inside the test timeout, or the server outlives it.
      settleTimeoutS: 100,
      seed: 4711,
      progress: false,
      // The checks must see a loss and a duplicate when there is one: plant both.
      inspect: async (server, ledgers) => {
        const [reported] = ledgers.filter((l) => l.reports.length > 0);
        const original = await server.couch
          .use<CaseDoc>('cases')
          .get(`case-${reported!.reports[0]!.id}`);
        const { _rev: _ignored, ...copy } = original;
        await server.couch.use<CaseDoc>('cases').insert({ ...copy, _id: `${copy._id}x` });
        const withMissing = [
          ...ledgers,
          {
            ...reported!,
            key: 'planted',
            reports: [{ id: 'rplantedreport0000000000', photoIds: [], covered: true }],
          },
        ];
        const view = await checkServer(server.couch, withMissing);
        planted = { lost: view.lost, duplicated: view.duplicated };
      },
    });
    console.info(formatSummary(result));

    const { convergence, faultsDuringRun } = result;
    expect(result.kills).toBe(2);
    expect(disruptedCount(faultsDuringRun)).toBeGreaterThan(faultsDuringRun.requests * 0.1);
    expect(result.counters.reports).toBeGreaterThan(5);
    expect(result.counters.actions).toBeGreaterThan(0);
    expect(convergence.lost).toBe(0);
    expect(convergence.duplicated).toBe(0);
    expect(convergence.checks.filter((c) => c.problemCount > 0).map((c) => c.problems)).toEqual([]);
    expect(convergence.converged).toBe(true);
    expect(planted).toEqual({ lost: 1, duplicated: 1 });
  });
});
