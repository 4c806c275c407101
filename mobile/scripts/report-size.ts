import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Prints what a phone downloads before the first screen appears: the entry script, every
 * chunk it imports statically (followed transitively, not only what index.html preloads), and
 * the stylesheets, gzipped. Lazy chunks (the map, the sync layer) are listed apart.
 */
const FIRST_LOAD_BUDGET_GZIP_BYTES = 400 * 1024;
const DIST_DIR = fileURLToPath(new URL('../dist/', import.meta.url));
const STATIC_IMPORT = /(?:^|[;\s}])import\s*(?:[\w$*{}\s,]+from\s*)?["']([^"']+\.js)["']/g;

async function gzipSize(file: string): Promise<number> {
  return gzipSync(await readFile(file), { level: 9 }).length;
}

async function staticClosure(entries: string[]): Promise<Set<string>> {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = await readFile(file, 'utf8');
    for (const match of code.matchAll(STATIC_IMPORT)) {
      queue.push(join(dirname(file), match[1]!));
    }
  }
  return seen;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

const html = await readFile(join(DIST_DIR, 'index.html'), 'utf8');
const referenced = [...html.matchAll(/(?:src|href)="\.?\/?([^"]+\.(?:js|css))"/g)].map((m) =>
  join(DIST_DIR, m[1]!),
);
const firstLoad = await staticClosure(referenced.filter((f) => f.endsWith('.js')));
for (const css of referenced.filter((f) => f.endsWith('.css'))) firstLoad.add(css);

async function gzipTotal(files: Iterable<string>): Promise<number> {
  let total = 0;
  for (const file of files) total += await gzipSize(file);
  return total;
}

const rows: string[] = [];
for (const file of [...firstLoad].sort()) {
  rows.push(`  ${relative(DIST_DIR, file).padEnd(48)} ${kb(await gzipSize(file)).padStart(10)}`);
}
const firstLoadBytes = await gzipTotal(firstLoad);
const firstLoadJsBytes = await gzipTotal([...firstLoad].filter((f) => f.endsWith('.js')));

// Someone not yet signed in also fetches the sign-in page (a lazy chunk) before they can act.
const all = (await listFiles(join(DIST_DIR, 'assets'))).filter((f) => /\.(js|css)$/.test(f));
const signInChunks = all.filter((f) => /\/SignInPage-[\w-]+\.js$/.test(f));
const signInClosure = await staticClosure(signInChunks);
const firstVisitExtraBytes = await gzipTotal([...signInClosure].filter((f) => !firstLoad.has(f)));
const lazyBytes = await gzipTotal(all.filter((f) => !firstLoad.has(f)));

console.log('First-load files (gzip):');
console.log(rows.join('\n'));
console.log(
  `First-load JavaScript of the citizen view, gzipped: ${kb(firstLoadJsBytes)} ` +
    `(JS+CSS ${kb(firstLoadBytes)}; goal ${kb(FIRST_LOAD_BUDGET_GZIP_BYTES)})`,
);
console.log(
  `First visit, signed out (adds the sign-in page): ${kb(firstLoadBytes + firstVisitExtraBytes)}`,
);
console.log(`Lazy chunks, gzipped: ${kb(lazyBytes)}`);
if (firstLoadBytes > FIRST_LOAD_BUDGET_GZIP_BYTES) {
  console.warn('First load is over the goal: lazy-load more of the app.');
}
