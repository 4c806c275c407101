import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../workflow/support.ts';
import { byTestId, fillIonInput } from './citizen.ts';

/** What staff do on the screens, by the app's data-testid hooks. */
const UI_TIMEOUT_MS = 30_000;
/** A live update crosses two syncs and the workflow worker. */
export const LIVE_UPDATE_TIMEOUT_MS = 60_000;
export const DESKTOP = { width: 1280, height: 800 };

export function newDesk(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: DESKTOP,
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: 'allow',
  });
}

/** Opens the app on the staff sign-in and signs in with a demo account. */
export async function signInStaffUi(page: Page, url: string, name: string): Promise<void> {
  await page.goto(`${url}/#staff`);
  await byTestId(page, 'staff-signin-page').waitFor({ timeout: UI_TIMEOUT_MS });
  await fillIonInput(page, 'staff-signin-name', name);
  await fillIonInput(page, 'staff-signin-password', DEMO_PASSWORD);
  await byTestId(page, 'staff-signin-submit').click();
}

export function queueRow(page: Page, caseId: string) {
  return page.locator(`[data-testid="queue-row"][data-case-id="${caseId}"]`);
}

/** Waits until the open case page shows the state; the console follows the sync live. */
export async function waitForCaseState(page: Page, caseId: string, state: string): Promise<void> {
  await page
    .locator(`[data-testid="case-page"][data-case-id="${caseId}"][data-state="${state}"]`)
    .waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });
}

/** Takes a desk step on the open case: opens its form, fills it, submits. */
export async function consoleAct(
  page: Page,
  kind: string,
  fields: { text?: string; district?: string } = {},
): Promise<void> {
  await byTestId(page, `console-action-${kind}`).click();
  await page.locator(`[data-testid="console-action-form"][data-kind="${kind}"]`).waitFor();
  if (fields.district)
    await byTestId(page, 'console-dispatch-district').selectOption(fields.district);
  if (fields.text) await byTestId(page, 'console-action-text').fill(fields.text);
  await byTestId(page, 'console-action-submit').click();
}
