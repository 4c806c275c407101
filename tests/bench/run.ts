import { parseArgs } from 'node:util';
import { benchDatabases } from './databases.ts';
import { benchPhotos } from './photos.ts';
import { benchSync } from './sync.ts';

/**
 * `npm run bench -- [name ...] [--option value ...]`: runs the named benches, or all of them.
 * Each bench reads the options it knows from the shared flag set; add a bench by adding an
 * entry to BENCHES (and its flags to FLAGS).
 *
 *   npm run bench -- photos --count 8
 *   npm run bench -- photos --soak 1000
 *   npm run bench -- photos --concurrency 1
 *   npm run bench -- databases --databases 2000
 *   npm run bench -- sync --docs 2000 --tasks 5000 --reports 50 --rounds 3
 */

type Flags = Record<string, string | boolean | undefined>;

interface Bench {
  name: string;
  description: string;
  run(flags: Flags): Promise<void>;
}

const FLAGS = {
  count: { type: 'string' },
  soak: { type: 'string' },
  rounds: { type: 'string' },
  concurrency: { type: 'string' },
  databases: { type: 'string' },
  docs: { type: 'string' },
  tasks: { type: 'string' },
  reports: { type: 'string' },
} as const;

const BENCHES: Bench[] = [
  {
    name: 'photos',
    description:
      'photo pipeline via the queue vs Debian vipsthumbnail; --count N, --rounds N, ' +
      '--concurrency N, --soak N',
    run: (flags) =>
      benchPhotos({
        count: numberFlag(flags, 'count'),
        soak: numberFlag(flags, 'soak'),
        rounds: numberFlag(flags, 'rounds'),
        concurrency: numberFlag(flags, 'concurrency'),
      }),
  },
  {
    name: 'databases',
    description:
      'open files and memory of the real server over many citizen databases on the embedded ' +
      'store; --databases N',
    run: (flags) => benchDatabases({ databases: numberFlag(flags, 'databases') }),
  },
  {
    name: 'sync',
    description:
      'replication through the gateway vs straight to the store; --docs N, --tasks N, ' +
      '--reports N, --rounds N',
    run: (flags) =>
      benchSync({
        docs: numberFlag(flags, 'docs'),
        tasks: numberFlag(flags, 'tasks'),
        reports: numberFlag(flags, 'reports'),
        rounds: numberFlag(flags, 'rounds'),
      }),
  },
];

function numberFlag(flags: Flags, name: string): number | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive integer`);
  return value;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: FLAGS,
    allowPositionals: true,
    strict: true,
  });
  const unknown = positionals.filter((name) => !BENCHES.some((bench) => bench.name === name));
  if (unknown.length > 0) {
    const known = BENCHES.map((bench) => `  ${bench.name}: ${bench.description}`).join('\n');
    process.stderr.write(`unknown bench: ${unknown.join(', ')}\nbenches:\n${known}\n`);
    process.exitCode = 2;
    return;
  }
  const selected =
    positionals.length > 0 ? BENCHES.filter((b) => positionals.includes(b.name)) : BENCHES;
  for (const bench of selected) {
    process.stdout.write(`\n== ${bench.name}\n`);
    await bench.run(values);
  }
}

await main();
