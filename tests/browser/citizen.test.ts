import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type TestServer } from '../support/server.ts';
import {
  CHANG_AN,
  ensureWebBuild,
  launchChromium,
  newPhone,
  screenshot,
  waitForServiceWorker,
} from './support/browser.ts';
import { latestOpenMoment, latestTenPmShanghai } from './support/capture-time.ts';
import {
  acceptNotice,
  attachPhoto,
  attributeOf,
  byTestId,
  fillIonInput,
  fillReport,
  newestStanding,
  signIn,
} from './support/citizen.ts';

/**
 * The citizen view (市民通) in Debian's Chromium against the real server: sign in with an SMS
 * code, report with no connection, reload offline, and see the platform's answer come back.
 * The phone's clock is set per test, so the outcome does not depend on the hour they run.
 */
const SERVER_ANSWER_TIMEOUT_MS = 90_000;
const UI_TIMEOUT_MS = 30_000;
const SAVED_ON_PHONE = '已保存在手机上,联网后自动发送';

let browser: Browser;
let server: TestServer;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  ensureWebBuild();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

// A server per test: each citizen starts from an empty platform.
beforeEach(async () => {
  server = await startServer();
  context = await newPhone(browser);
  page = await context.newPage();
});

afterEach(async (test) => {
  // A failure here is often the server's; its last words are the quickest clue.
  if (test.task.result?.state === 'fail') {
    const lines = server?.logs().split('\n') ?? [];
    console.error(
      lines
        .filter((l) => !l.includes('"level":30'))
        .slice(-40)
        .join('\n'),
    );
  }
  await context?.close();
  await server?.dispose();
});

describe('citizen view', () => {
  it('keeps a report made offline through a reload and shows it accepted once online', async () => {
    await page.clock.setSystemTime(latestOpenMoment());
    await page.goto(server.url);
    await byTestId(page, 'signin-page').waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, '01-sign-in');

    await signIn(page, server, '13812345678');
    await byTestId(page, 'notice').waitFor({ timeout: UI_TIMEOUT_MS });
    await expect.poll(() => attributeOf(page, 'notice-hotline-12319', 'href')).toBe('tel:12319');
    await screenshot(page, '02-notice');
    await acceptNotice(page);

    await attachPhoto(page, 'broken.jpg', Buffer.from('this is not a photo'));
    await byTestId(page, 'photo-error').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await byTestId(page, 'photo-preview-0').count()).toBe(0);
    await screenshot(page, '03-photo-refused');

    await fillReport(page, '人民广场东侧人行道上有暴露垃圾');
    await expect.poll(() => byTestId(page, 'location-district').textContent()).toBe('位于长安区');
    await expect
      .poll(() => byTestId(page, 'location-accuracy').textContent())
      .toBe('精度约 ±15 米');
    // The camera wrote landscape pixels with "rotate 90°": shrunk upright, long edge 1600.
    const preview = byTestId(page, 'photo-preview-0');
    await expect.poll(() => preview.getAttribute('data-width')).toBe('1200');
    await expect.poll(() => preview.getAttribute('data-height')).toBe('1600');
    expect(Number(await preview.getAttribute('data-bytes'))).toBeLessThanOrEqual(600 * 1024);
    await preview.scrollIntoViewIfNeeded();
    await screenshot(page, '04-report-filled');
    await byTestId(page, 'location-map').scrollIntoViewIfNeeded();
    await screenshot(page, '04b-location-on-map');

    await waitForServiceWorker(page);
    await context.setOffline(true);
    await byTestId(page, 'report-submit').click();
    await byTestId(page, 'history-page').waitFor({ timeout: UI_TIMEOUT_MS });
    await expect.poll(() => newestStanding(page).textContent()).toBe(SAVED_ON_PHONE);
    await byTestId(page, 'offline-banner').waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, '05-saved-offline');

    await page.reload();
    await byTestId(page, 'history-page').waitFor({ timeout: UI_TIMEOUT_MS });
    await expect.poll(() => newestStanding(page).textContent()).toBe(SAVED_ON_PHONE);
    await byTestId(page, 'offline-banner').waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, '06-reloaded-offline');

    await byTestId(page, 'tab-account').click();
    await expect
      .poll(() => byTestId(page, 'account-unsent').textContent())
      .toBe('1 条上报尚未发送');
    await byTestId(page, 'sign-out').click();
    await page
      .locator('ion-alert')
      .getByText('还有 1 条上报没有发送到平台', { exact: false })
      .waitFor();
    await screenshot(page, '06b-sign-out-warns-unsent');
    await byTestId(page, 'signout-cancel').click();
    await byTestId(page, 'tab-history').click();

    await context.setOffline(false);
    await expect
      .poll(() => newestStanding(page).textContent(), { timeout: SERVER_ANSWER_TIMEOUT_MS })
      .toMatch(/^已受理,案卷号 \S+$/);
    await screenshot(page, '07-accepted');

    await byTestId(page, 'report-item').first().click();
    await expect.poll(() => byTestId(page, 'detail-case-number').textContent()).toMatch(/\S+/);
    await expect.poll(() => attributeOf(page, 'report-photos', 'data-source')).toBe('phone');
    await screenshot(page, '08-report-detail');
  });

  it('warns before submitting after hours and shows the refusal with the hotlines', async () => {
    await page.clock.setSystemTime(latestTenPmShanghai());
    await page.goto(server.url);
    await signIn(page, server, '13912345678');
    await acceptNotice(page);
    await fillReport(page, '夜间路口有人占道烧烤');

    await byTestId(page, 'report-submit').click();
    await byTestId(page, 'precheck-warning').waitFor({ timeout: UI_TIMEOUT_MS });
    await byTestId(page, 'precheck-hours').waitFor({ timeout: UI_TIMEOUT_MS });
    await expect.poll(() => attributeOf(page, 'precheck-hotline-12319', 'href')).toBe('tel:12319');
    await expect.poll(() => attributeOf(page, 'precheck-hotline-12345', 'href')).toBe('tel:12345');
    await screenshot(page, '09-after-hours-warning');

    await byTestId(page, 'precheck-submit-anyway').click();
    await byTestId(page, 'history-page').waitFor({ timeout: UI_TIMEOUT_MS });
    await expect
      .poll(() => newestStanding(page).textContent(), { timeout: SERVER_ANSWER_TIMEOUT_MS })
      .toMatch(/^未受理:不在受理时间内/);
    await screenshot(page, '10-after-hours-rejected');

    await byTestId(page, 'report-item').first().click();
    await expect.poll(() => attributeOf(page, 'detail-standing', 'data-kind')).toBe('rejected');
    await expect.poll(() => attributeOf(page, 'detail-hotline-12319', 'href')).toBe('tel:12319');
    await expect.poll(() => attributeOf(page, 'detail-hotline-12345', 'href')).toBe('tel:12345');
    await screenshot(page, '11-rejection-detail');
  });

  it('sends the citizen to the map when the fix is too vague, and takes the point picked', async () => {
    await context.close();
    context = await newPhone(browser, { geolocation: { ...CHANG_AN, accuracy: 800 } });
    page = await context.newPage();
    await page.goto(server.url);
    await signIn(page, server, '13612345678');
    await acceptNotice(page);

    await expect
      .poll(() => attributeOf(page, 'location-problem', 'data-why'), { timeout: UI_TIMEOUT_MS })
      .toBe('inaccurate');
    expect(await byTestId(page, 'location-value').count()).toBe(0);
    const map = byTestId(page, 'location-map');
    await map.waitFor({ timeout: UI_TIMEOUT_MS });
    await map.scrollIntoViewIfNeeded();
    await screenshot(page, '12-vague-fix-pick-on-map');

    await map.click();
    await expect
      .poll(() => attributeOf(page, 'location-value', 'data-source'), { timeout: UI_TIMEOUT_MS })
      .toBe('map');
    expect(await byTestId(page, 'location-problem').count()).toBe(0);
    await byTestId(page, 'location-value').scrollIntoViewIfNeeded();
    await screenshot(page, '13-point-picked-on-map');
  });

  it('explains a wrong code, then stays signed in across a restart with no connection', async () => {
    await page.goto(server.url);
    await byTestId(page, 'signin-page').waitFor({ timeout: UI_TIMEOUT_MS });
    await fillIonInput(page, 'signin-phone', '137 1234 5678');
    await byTestId(page, 'signin-send-code').click();
    await byTestId(page, 'signin-code-sent').waitFor({ timeout: UI_TIMEOUT_MS });
    await expect
      .poll(() => byTestId(page, 'signin-send-code').textContent())
      .toMatch(/秒后可重新获取/);

    const code = await server.readLatestSmsCode('+8613712345678');
    const wrong = code === '000000' ? '111111' : '000000';
    await fillIonInput(page, 'signin-code', wrong);
    await byTestId(page, 'signin-submit').click();
    await expect
      .poll(() => byTestId(page, 'signin-error').textContent())
      .toBe('验证码不正确,请核对短信后重新输入。');
    await screenshot(page, '14-wrong-code');

    await fillIonInput(page, 'signin-code', code);
    await byTestId(page, 'signin-submit').click();
    await acceptNotice(page);
    await waitForServiceWorker(page);

    await context.setOffline(true);
    await page.close();
    page = await context.newPage();
    await page.goto(server.url);
    await byTestId(page, 'report-page').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await byTestId(page, 'signin-page').count()).toBe(0);

    await byTestId(page, 'tab-account').click();
    await expect.poll(() => byTestId(page, 'account-phone').textContent()).toBe('137****5678');
    await byTestId(page, 'language-en').click();
    await expect.poll(() => byTestId(page, 'tab-history').textContent()).toBe('History');
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, '15-account-english-desktop');
  });
});
