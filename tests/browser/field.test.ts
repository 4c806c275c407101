import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { CitizenDevice, StaffDevice } from '@smt/sync';
import { jpegWithOrientation } from '../fixtures/photos.ts';
import { captureTime, CHANG_AN, newPhone, openDevice, signIn } from '../support/citizen.ts';
import { startServer, type TestServer } from '../support/server.ts';
import {
  act,
  inState,
  openStaff,
  SERVER_ENV,
  waitForStatus,
  waitForTask,
} from '../workflow/support.ts';
import {
  ensureWebBuild,
  launchChromium,
  newPhone as newPhoneContext,
  screenshot,
  waitForServiceWorker,
} from './support/browser.ts';
import { attachPhoto, byTestId, cameraJpeg, fillIonInput } from './support/citizen.ts';
import { LIVE_UPDATE_TIMEOUT_MS, signInStaffUi } from './support/staff.ts';

/**
 * The field view on a small phone in Debian's Chromium: a supervisor gets two cases to verify,
 * loses the connection, verifies both on site with a photo, and gets the answers once back
 * online: one carried out, one refused because the centre cancelled that case meanwhile,
 * with the reason on the screen.
 */
const UI_TIMEOUT_MS = 30_000;

describe('field view', () => {
  let browser: Browser;
  let server: TestServer;
  let context: BrowserContext;
  let page: Page;
  let citizen: CitizenDevice;
  let center: StaffDevice;

  beforeAll(async () => {
    ensureWebBuild();
    browser = await launchChromium();
    server = await startServer(SERVER_ENV);
    citizen = await openDevice(server, await signIn(server, newPhone()));
    citizen.startSync();
    center = await openStaff(server, 'demo-center');
    context = await newPhoneContext(browser);
    page = await context.newPage();
  });

  afterAll(async () => {
    await citizen?.close();
    await center?.close();
    await context?.close();
    await browser?.close();
    await server?.dispose();
  });

  async function caseToVerify(description: string): Promise<string> {
    const report = await citizen.submitReport({
      category: { major: 'garbage', minor: 'exposed-garbage' },
      description,
      location: { ...CHANG_AN },
      capturedAt: captureTime(true),
      followUpSms: false,
      photos: [new Uint8Array(await jpegWithOrientation(6))],
    });
    await waitForStatus(citizen, report._id, (s) => s.state === 'accepted' && s.photos.length > 0);
    const caseId = `case-${report._id}`;
    await waitForTask(center, caseId, inState('accepted'));
    expect((await act(center, caseId, 'request-verify', {})).result).toBe('applied');
    return caseId;
  }

  const card = (caseId: string) =>
    page.locator(`[data-testid="task-card"][data-case-id="${caseId}"]`);

  async function verifyOffline(caseId: string, note: string): Promise<void> {
    await card(caseId).click();
    await byTestId(page, 'task-detail').waitFor({ timeout: UI_TIMEOUT_MS });
    await byTestId(page, 'field-choice-confirm').click();
    await attachPhoto(page, 'site.jpg', await cameraJpeg());
    await byTestId(page, 'photo-preview-0').waitFor({ timeout: UI_TIMEOUT_MS });
    await fillIonInput(page, 'field-note', note);
    await byTestId(page, 'field-submit').click();
    await page
      .locator('[data-testid="my-action"][data-kind="verify"][data-standing="pending"]')
      .waitFor({ timeout: UI_TIMEOUT_MS });
  }

  it('verifies offline, then shows one action carried out and one refused with its reason', async () => {
    const kept = await caseToVerify('桥下暴露垃圾一堆');
    const cancelled = await caseToVerify('路口垃圾桶满溢');

    await signInStaffUi(page, server.url, 'demo-supervisor');
    await card(kept).waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });
    await card(cancelled).waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });
    await waitForServiceWorker(page);
    await screenshot(page, 'field-01-task-list');

    // Opening a task online shows the citizen's photo; the list has cached every task's.
    await card(kept).click();
    await page
      .locator('[data-testid="case-photos"][data-count="1"]')
      .waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });
    await screenshot(page, 'field-02-task-detail');
    await byTestId(page, 'task-back').click();

    await context.setOffline(true);
    await page
      .locator('[data-testid="staff-online"][data-online="no"]')
      .first()
      .waitFor({ timeout: UI_TIMEOUT_MS });
    await card(cancelled).click();
    await page
      .locator('[data-testid="case-photos"][data-cached="yes"]')
      .waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, 'field-03-offline-photo-from-cache');
    await byTestId(page, 'task-back').click();

    await verifyOffline(kept, '现场确认属实');
    await screenshot(page, 'field-04-verified-offline-pending');
    await byTestId(page, 'task-back').click();
    await verifyOffline(cancelled, '现场有垃圾');
    await byTestId(page, 'task-back').click();
    expect(await byTestId(page, 'task-pending').count()).toBe(2);

    // Meanwhile the centre cancels one of them; the supervisor's answer will arrive too late.
    expect((await act(center, cancelled, 'cancel', { reason: '市民已通过热线撤回' })).result).toBe(
      'applied',
    );

    await context.setOffline(false);
    await card(kept).click();
    await page
      .locator('[data-testid="my-action"][data-kind="verify"][data-standing="applied"]')
      .waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });
    await page
      .locator('[data-testid="task-detail"][data-state="verified"]')
      .waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });
    await byTestId(page, 'task-back').click();

    // The cancelled case left the list; its refusal is said at the top, with the reason.
    const refused = page.locator(`[data-testid="refused-item"][data-case-id="${cancelled}"]`);
    await refused.waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });
    expect(await refused.textContent()).toContain('案卷状态已变化,该操作未被执行。');
    expect(await refused.textContent()).toContain('案卷当前状态:已撤销');
    expect(await card(cancelled).count()).toBe(0);
    await screenshot(page, 'field-05-refusal-shown');

    await refused.locator('button.link-button').click();
    await page
      .locator('[data-testid="my-action"][data-kind="verify"][data-standing="refused"]')
      .waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await byTestId(page, 'my-action-now').textContent()).toBe('案卷当前状态:已撤销');
    await screenshot(page, 'field-06-refused-action-detail');
  });
});
