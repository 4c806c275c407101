import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core: no downloaded browser. The flags keep it
 * from reaching anything but the loopback server under test.
 */
const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const DIST_INDEX = join(REPO_ROOT, 'mobile/dist/index.html');
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

/** Builds the web app once when no build is there; the server serves mobile/dist. */
export function ensureWebBuild(): void {
  if (existsSync(DIST_INDEX)) return;
  execFileSync('npm', ['run', 'build', '-w', '@smt/mobile'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A small Android-sized phone in Shijiazhuang that has granted the location permission. */
export async function newPhone(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: SMALL_PHONE,
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    geolocation: CHANG_AN,
    permissions: ['geolocation'],
    serviceWorkers: 'allow',
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // Ionic moves pages and modals with the Web Animations API; shoot once they have landed.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
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
