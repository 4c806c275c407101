import { resolve } from 'node:path';
import { build, type Rollup } from 'vite';

export type { ShrinkTarget } from '../../../mobile/src/photos/photo-config.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const ENTRY = resolve(REPO_ROOT, 'mobile/src/photos/shrink.ts');

/**
 * The phone's shrink module as one script that defines `globalThis.SmtShrink`, built by the
 * app's own Vite (so `import.meta.env` resolves as in the app), for a blank Chromium page:
 * the module is tested on its own, without the whole web build, sign-in or a server.
 */
export async function bundleShrink(): Promise<string> {
  const result = await build({
    configFile: false,
    root: REPO_ROOT,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: { entry: ENTRY, formats: ['iife'], name: 'SmtShrink', fileName: 'shrink' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const chunk = outputs.flatMap((o) => o.output).find((o) => o.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('vite built no script for shrink.ts');
  return chunk.code;
}
