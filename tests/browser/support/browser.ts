import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core: no downloaded browser. The flags keep it
 * from reaching anything but the loopback server under test.
 */
const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const DIST_INDEX = join(REPO_ROOT, 'mobile/dist/index.html');
/** Everything the web build is made from; a change to any of these makes mobile/dist stale. */
const BUILD_INPUTS = [
  'mobile/src',
  'mobile/public',
  'mobile/index.html',
  'mobile/vite.config.ts',
  'mobile/package.json',
  'shared/src',
  'shared/data',
  'shared/config',
  'sync/src',
  'package-lock.json',
];
/** Gitignored (test-results/); CI keeps the folder as the run's artifacts. */
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results/screenshots');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** 长安区, Shijiazhuang, WGS-84: inside the covered area. */
export const CHANG_AN = { latitude: 38.0497, longitude: 114.5224, accuracy: 15 };
export const SMALL_PHONE = { width: 360, height: 640 };

function newestMtimeMs(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Builds the web app when mobile/dist is missing or older than any of its sources, so a clean
 * clone (`npm ci && npm test`) and an edited tree both test what the server would serve.
 */
export function ensureWebBuild(): void {
  const builtAtMs = statSync(DIST_INDEX, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const changedAtMs = Math.max(...BUILD_INPUTS.map((p) => newestMtimeMs(join(REPO_ROOT, p))));
  if (builtAtMs > changedAtMs) return;
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const env = { ...process.env, NODE_ENV: 'production' };
  execFileSync('npm', ['run', 'build', '-w', '@smt/mobile'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env,
  });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * A small Android-sized phone in Shijiazhuang that has granted the location permission and
 * gets a good fix in 长安区, unless the test says otherwise.
 */
export async function newPhone(
  browser: Browser,
  location: { geolocation?: typeof CHANG_AN; permissions?: string[] } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    viewport: SMALL_PHONE,
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    geolocation: location.geolocation ?? CHANG_AN,
    permissions: location.permissions ?? ['geolocation'],
    serviceWorkers: 'allow',
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // Ionic moves pages and modals with the Web Animations API, partly inside shadow roots that
  // document.getAnimations() does not see; shoot once every one of them has landed. An
  // animation may start a frame or two after its element appears, so look again until none
  // is left running.
  await page.evaluate(async () => {
    const frame = () => new Promise<void>((done) => requestAnimationFrame(() => done()));
    const running = () => {
      const roots: DocumentOrShadowRoot[] = [document];
      for (const element of document.querySelectorAll('*')) {
        if (element.shadowRoot) roots.push(element.shadowRoot);
      }
      return roots
        .flatMap((root) => root.getAnimations())
        .filter((a) => a.playState === 'running')
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity);
    };
    for (let round = 0; round < 10; round += 1) {
      await frame();
      await frame();
      const moving = running();
      if (moving.length === 0) return;
      await Promise.all(moving.map((a) => a.finished.catch(() => undefined)));
    }
  });
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Resolves once the service worker has installed (precached the shell) and controls the page. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) return;
    await new Promise<void>((done) =>
      navigator.serviceWorker.addEventListener('controllerchange', () => done(), { once: true }),
    );
  });
}
