import sharp from 'sharp';
import type { Page } from 'playwright-core';
import type { TestServer } from '../../support/server.ts';

/** What a citizen does on the screens, by the app's data-testid hooks. */
const UI_TIMEOUT_MS = 30_000;

export function byTestId(page: Page, id: string) {
  return page.locator(`[data-testid="${id}"]`);
}

export function attributeOf(page: Page, id: string, name: string): Promise<string | null> {
  return byTestId(page, id).first().getAttribute(name);
}

export async function fillIonInput(page: Page, id: string, value: string): Promise<void> {
  await byTestId(page, id).locator('input, textarea').first().fill(value);
}

export async function signIn(
  page: Page,
  server: TestServer,
  nationalNumber: string,
): Promise<void> {
  await byTestId(page, 'signin-page').waitFor({ timeout: UI_TIMEOUT_MS });
  await fillIonInput(page, 'signin-phone', nationalNumber);
  await byTestId(page, 'signin-send-code').click();
  await byTestId(page, 'signin-code-sent').waitFor({ timeout: UI_TIMEOUT_MS });
  const code = await server.readLatestSmsCode(`+86${nationalNumber}`);
  await fillIonInput(page, 'signin-code', code);
  await byTestId(page, 'signin-submit').click();
  await byTestId(page, 'report-page').waitFor({ timeout: UI_TIMEOUT_MS });
}

export async function acceptNotice(page: Page): Promise<void> {
  await byTestId(page, 'notice-accept').click();
  await byTestId(page, 'notice').waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
}

/**
 * A real camera-sized JPEG whose EXIF says "rotate 90° clockwise", as phones write it:
 * stored landscape, shown portrait.
 */
export async function cameraJpeg(): Promise<Buffer> {
  const width = 2400;
  const height = 1800;
  const stripes = Buffer.alloc(width * height * 3);
  for (let i = 0; i < stripes.length; i += 3) {
    const x = (i / 3) % width;
    stripes[i] = x % 200 < 100 ? 200 : 40;
    stripes[i + 1] = 120;
    stripes[i + 2] = (i / 3 / width) % 150 < 75 ? 220 : 60;
  }
  return sharp(stripes, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 92 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

export async function attachPhoto(page: Page, name: string, buffer: Buffer): Promise<void> {
  await byTestId(page, 'photo-input').setInputFiles({ name, mimeType: 'image/jpeg', buffer });
}

export async function fillReport(page: Page, description: string): Promise<void> {
  await attachPhoto(page, 'street.jpg', await cameraJpeg());
  await byTestId(page, 'photo-preview-0').waitFor({ timeout: UI_TIMEOUT_MS });
  await fillIonInput(page, 'report-description', description);
  await byTestId(page, 'category-major-garbage').click();
  await byTestId(page, 'category-minor-exposed-garbage').click();
  await page
    .locator('[data-testid="location-value"][data-source="gps"]')
    .waitFor({ timeout: UI_TIMEOUT_MS });
}

/** The sentence the history shows for the newest report. */
export function newestStanding(page: Page) {
  return byTestId(page, 'report-standing').first();
}
