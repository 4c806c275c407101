import { GLIBC_DEFAULTS, GLIBC_TUNED, runWorker, TUNING_NAME } from './photos-run.ts';
import type { MemorySample } from './photos-worker.ts';

const SOAK_SAMPLE_EVERY = 50;
const SOAK_PRINT_EVERY = 100;
/**
 * Memory counts as flat when the least-squares trend of resident memory, fitted from the
 * second sample on (the first still includes warm-up), rises by less than this per 1000 photos.
 * Samples move by about ±10 MB with what the two running jobs hold at that instant.
 */
const FLAT_TREND_MB_PER_1000 = 20;

const out = (line = ''): void => void process.stdout.write(`${line}\n`);
const fixed = (value: number, digits = 0): string => value.toFixed(digits);

/** Runs `total` photos through the queue under both malloc settings, one after the other. */
export async function soak(
  files: string[],
  total: number,
  outDir: string,
  concurrency: number | undefined,
): Promise<void> {
  out(`soak: ${total} photos through the queue, concurrency ${concurrency ?? 'default (2)'}`);
  const runs = [
    { name: 'glibc malloc defaults', env: GLIBC_DEFAULTS },
    { name: `glibc tuned (${TUNING_NAME})`, env: GLIBC_TUNED },
  ];
  for (const run of runs) {
    out();
    out(`-- ${run.name}`);
    out(
      `${'done'.padStart(6)}${'rss MB'.padStart(9)}${'heap MB'.padStart(9)}${'ext MB'.padStart(9)}`,
    );
    const samples: MemorySample[] = [];
    const request = { files, total, outDir, reportEvery: SOAK_SAMPLE_EVERY, concurrency };
    const result = await runWorker(request, run.env, (s) => {
      samples.push(s);
      if (s.done % SOAK_PRINT_EVERY !== 0) return;
      out(
        `${String(s.done).padStart(6)}${fixed(s.rssMb).padStart(9)}` +
          `${fixed(s.heapUsedMb).padStart(9)}${fixed(s.externalMb).padStart(9)}`,
      );
    });
    const trend = trendMbPer1000(samples.slice(1));
    const shape = Number.isNaN(trend)
      ? 'too few samples'
      : trend < FLAT_TREND_MB_PER_1000
        ? 'flat'
        : 'GROWING';
    out(
      `${run.name}: ${fixed(result.processed / result.seconds, 2)} photos/s, ` +
        `peak RSS ${fixed(result.vmHwmMb ?? result.sampledPeakRssMb)} MB, refused ${result.refused}`,
    );
    out(
      `  trend ${fixed(trend, 1)} MB per 1000 photos over ${samples.length - 1} samples: ` +
        `${shape} (flat means under ${FLAT_TREND_MB_PER_1000})`,
    );
  }
}

/** Slope of resident memory against photos done, least squares, in MB per 1000 photos. */
function trendMbPer1000(samples: MemorySample[]): number {
  if (samples.length < 2) return Number.NaN;
  const meanX = samples.reduce((sum, s) => sum + s.done, 0) / samples.length;
  const meanY = samples.reduce((sum, s) => sum + s.rssMb, 0) / samples.length;
  let numerator = 0;
  let denominator = 0;
  for (const s of samples) {
    numerator += (s.done - meanX) * (s.rssMb - meanY);
    denominator += (s.done - meanX) ** 2;
  }
  return (numerator / denominator) * 1000;
}
