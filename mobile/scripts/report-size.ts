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

let firstLoadBytes = 0;
const rows: string[] = [];
for (const file of [...firstLoad].sort()) {
  const size = await gzipSize(file);
  firstLoadBytes += size;
  rows.push(`  ${relative(DIST_DIR, file).padEnd(48)} ${kb(size).padStart(10)}`);
}

let lazyBytes = 0;
const all = (await listFiles(join(DIST_DIR, 'assets'))).filter((f) => /\.(js|css)$/.test(f));
for (const file of all.filter((f) => !firstLoad.has(f))) lazyBytes += await gzipSize(file);

console.log('First-load files (gzip):');
console.log(rows.join('\n'));
console.log(
  `First-load JS+CSS, gzipped: ${kb(firstLoadBytes)} (goal ${kb(FIRST_LOAD_BUDGET_GZIP_BYTES)})`,
);
console.log(`Lazy chunks, gzipped: ${kb(lazyBytes)}`);
if (firstLoadBytes > FIRST_LOAD_BUDGET_GZIP_BYTES) {
  console.warn('First load is over the goal: lazy-load more of the app.');
}
