import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { StaffProfile } from '@smt/shared';
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
import { ensureWebBuild, launchChromium, screenshot } from './support/browser.ts';
import { byTestId } from './support/citizen.ts';
import { OVERDUE_EVERY, seedNumber, seedOpenCases } from './support/seed-cases.ts';
import {
  consoleAct,
  LIVE_UPDATE_TIMEOUT_MS,
  newDesk,
  queueRow,
  signInStaffUi,
  waitForCaseState,
} from './support/staff.ts';

/**
 * The centre's console in Debian's Chromium against the real server: a citizen's report
 * (sent by a citizen device through the sync API) appears in the queue live; the centre
 * sends it to verification, dispatches it, sends it to be checked and closes it on the
 * screen, while the supervisor, the district platform and the team act through their own
 * synced devices, as in tests/workflow.
 */
// Markup typed by a citizen must reach the screen as these very characters.
const DESCRIPTION = '人行道<b>垃圾</b>堆积<img src=x onerror="window.__pwned=1">';

describe('centre console', () => {
  let browser: Browser;
  let server: TestServer;
  let context: BrowserContext;
  let page: Page;
  let citizen: CitizenDevice;
  const staff: StaffDevice[] = [];

  beforeAll(async () => {
    ensureWebBuild();
    browser = await launchChromium();
    server = await startServer(SERVER_ENV);
    citizen = await openDevice(server, await signIn(server, newPhone()));
    citizen.startSync();
    context = await newDesk(browser);
    page = await context.newPage();
  });

  afterAll(async () => {
    for (const device of [citizen, ...staff]) await device?.close();
    await context?.close();
    await browser?.close();
    await server?.dispose();
  });

  async function device(name: string): Promise<StaffDevice> {
    const opened = await openStaff(server, name);
    staff.push(opened);
    return opened;
  }

  it('takes a citizen report from the queue to closed, live, with the whole timeline', async () => {
    await signInStaffUi(page, server.url, 'demo-center');
    await byTestId(page, 'console').waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });
    await screenshot(page, 'console-01-empty-queue');

    const report = await citizen.submitReport({
      category: { major: 'garbage', minor: 'exposed-garbage' },
      description: DESCRIPTION,
      location: { ...CHANG_AN },
      capturedAt: captureTime(true),
      followUpSms: true,
      photos: [new Uint8Array(await jpegWithOrientation(6))],
    });
    const caseId = `case-${report._id}`;
    await waitForStatus(citizen, report._id, (s) => s.state === 'accepted' && s.photos.length > 0);

    // The report appears without a reload, then its page shows the citizen's photo.
    await queueRow(page, caseId).waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });
    await byTestId(page, 'console-filter-status').selectOption('new');
    await expect.poll(() => byTestId(page, 'queue-row').count()).toBe(1);
    await queueRow(page, caseId).click();
    await waitForCaseState(page, caseId, 'accepted');
    await page
      .locator('[data-testid="case-photos"][data-count="1"]')
      .waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });
    expect(await byTestId(page, 'case-page-description').textContent()).toBe(DESCRIPTION);
    expect(await page.locator('[data-testid="case-page"] img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    await screenshot(page, 'console-02-new-report');

    await consoleAct(page, 'request-verify');
    await waitForCaseState(page, caseId, 'verifying');

    const supervisor = await device('demo-supervisor');
    await waitForTask(supervisor, caseId, inState('verifying'));
    const verified = await act(supervisor, caseId, 'verify', {
      outcome: 'confirm',
      note: '现场确认属实',
    });
    expect(verified.result).toBe('applied');
    await waitForCaseState(page, caseId, 'verified');

    await byTestId(page, 'console-filter-status').selectOption('open');
    await consoleAct(page, 'dispatch', { district: '长安区', text: '请长安区处置' });
    await waitForCaseState(page, caseId, 'dispatched');
    await screenshot(page, 'console-03-dispatched');

    const desk = await device('demo-changan-desk');
    const member = await device('demo-team-a1');
    const teamId = (member.profile as Extract<StaffProfile, { role: 'disposal-team' }>).teamId;
    await waitForTask(desk, caseId, inState('dispatched'));
    expect((await act(desk, caseId, 'assign', { teamId })).result).toBe('applied');
    await waitForTask(member, caseId, inState('assigned'));
    const photoId = await member.queuePhoto(
      caseId,
      new Uint8Array(await jpegWithOrientation(8)),
      new Date().toISOString(),
    );
    const disposed = await act(member, caseId, 'dispose', {
      reworkCount: 0,
      note: '已清理干净',
      photoIds: [photoId],
    });
    expect(disposed.result).toBe('applied');
    await waitForCaseState(page, caseId, 'disposed');

    await consoleAct(page, 'request-check');
    await waitForCaseState(page, caseId, 'checking');
    await waitForTask(supervisor, caseId, inState('checking'));
    const checked = await act(supervisor, caseId, 'check', { reworkCount: 0, outcome: 'pass' });
    expect(checked.result).toBe('applied');
    await waitForCaseState(page, caseId, 'checked');
    await screenshot(page, 'console-04-checked');

    await consoleAct(page, 'close', { text: '处置合格,结案' });
    await waitForCaseState(page, caseId, 'closed');
    await expect
      .poll(() =>
        byTestId(page, 'timeline-event').evaluateAll((els) =>
          els.map((e) => e.getAttribute('data-state')),
        ),
      )
      .toEqual([
        'accepted',
        'verifying',
        'verified',
        'dispatched',
        'assigned',
        'disposed',
        'checking',
        'checked',
        'closed',
      ]);
    expect(await byTestId(page, 'case-page-staff-photos').getAttribute('data-count')).toBe('1');
    // Who did what: colleagues by name from the staff directory, the centre itself as "me".
    const who = await byTestId(page, 'timeline-who').allTextContents();
    expect(who[0]).toBe('操作人: 系统');
    expect(who[1]).toBe('操作人: 我');
    expect(who[2]).toBe('操作人: 演示·监督员（长安区、桥西区） (监督员)');
    expect(who[4]).toBe('操作人: 演示·长安区平台 (二级平台)');
    expect(who[5]).toBe('操作人: 演示·长安区处置一队 队员1 (处置部门)');
    await page
      .locator('[data-testid="my-action"][data-kind="close"][data-standing="applied"]')
      .waitFor();
    await byTestId(page, 'case-timeline').scrollIntoViewIfNeeded();
    await screenshot(page, 'console-05-closed-timeline');

    const status = await waitForStatus(citizen, report._id, (s) => s.state === 'closed');
    expect(status.state).toBe('closed');
  });

  it('keeps two hundred open cases searchable and filterable, and closes one of them', async () => {
    const OPEN_CASES = 200;
    const seeded = await seedOpenCases(server, OPEN_CASES);
    const seededAtMs = Date.now();
    await byTestId(page, 'console-filter-status').selectOption('open');
    await expect
      .poll(() => byTestId(page, 'queue-row').count(), { timeout: LIVE_UPDATE_TIMEOUT_MS })
      .toBe(OPEN_CASES);
    const arrivedMs = Date.now() - seededAtMs;
    expect(await byTestId(page, 'console-map').getAttribute('data-dots')).toBe(String(OPEN_CASES));
    await screenshot(page, 'console-06-two-hundred-open');

    // Overdue cases come first in the queue, and the filter finds exactly those.
    const firstIsOverdue = await byTestId(page, 'queue-row')
      .first()
      .evaluate((row) => row.classList.contains('overdue'));
    expect(firstIsOverdue).toBe(true);
    const filterStartMs = Date.now();
    await byTestId(page, 'console-filter-overdue').check();
    await expect.poll(() => byTestId(page, 'queue-row').count()).toBe(OPEN_CASES / OVERDUE_EVERY);
    const overdueFilterMs = Date.now() - filterStartMs;
    await byTestId(page, 'console-filter-overdue').uncheck();

    const searchStartMs = Date.now();
    await byTestId(page, 'console-search').fill(seedNumber(47));
    await expect.poll(() => byTestId(page, 'queue-row').count()).toBe(1);
    const searchMs = Date.now() - searchStartMs;
    await byTestId(page, 'console-search').fill('');
    await byTestId(page, 'console-filter-district').selectOption('桥西区');
    await expect.poll(() => byTestId(page, 'queue-row').count()).toBe(OPEN_CASES / 2);
    await byTestId(page, 'console-filter-district').selectOption('');

    // A checked case among them is closed from its page; the queue follows live.
    const checked = seeded.find((doc) => doc.state === 'checked')!;
    const closeStartMs = Date.now();
    await queueRow(page, checked._id).click();
    await waitForCaseState(page, checked._id, 'checked');
    await consoleAct(page, 'close');
    await waitForCaseState(page, checked._id, 'closed');
    const closeMs = Date.now() - closeStartMs;
    await expect.poll(() => byTestId(page, 'queue-row').count()).toBe(OPEN_CASES - 1);

    console.info(
      `console with ${OPEN_CASES} open cases: all in the queue ${arrivedMs} ms after seeding, ` +
        `overdue filter ${overdueFilterMs} ms, search ${searchMs} ms, ` +
        `close through sync ${closeMs} ms`,
    );
  });
});
