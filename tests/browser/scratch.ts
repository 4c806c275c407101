import { startServer } from '../support/server.ts';
import { launchChromium, newPhone, screenshot, waitForServiceWorker } from './support/browser.ts';
import { acceptNotice, byTestId, fillReport, signIn } from './support/citizen.ts';
import { latestOpenMoment } from './support/capture-time.ts';

const server = await startServer();
const browser = await launchChromium();
try {
  const context = await newPhone(browser);
  const page = await context.newPage();
  page.on('console', (m) => console.log('[page]', m.type(), m.text()));
  page.on('pageerror', (e) => console.log('[pageerror]', e));
  page.on(
    'request',
    (r) =>
      r.url().includes('longpoll') &&
      console.log('[start]', new Date().toISOString(), r.url().slice(60, 140)),
  );
  page.on(
    'response',
    (r) =>
      r.url().includes('longpoll') &&
      console.log('[headers]', new Date().toISOString(), r.status(), r.url().slice(60, 140)),
  );
  page.on('requestfailed', (r) =>
    console.log(
      '[failed]',
      new Date().toISOString(),
      r.method(),
      r.url().slice(0, 120),
      r.failure()?.errorText,
    ),
  );
  await page.clock.setSystemTime(latestOpenMoment());
  await page.goto(server.url);
  await screenshot(page, 'scratch-01');
  await signIn(page, server, '13812345678');
  await screenshot(page, 'scratch-02');
  await acceptNotice(page);
  await fillReport(page, '路边有暴露垃圾');
  await screenshot(page, 'scratch-03');
  await waitForServiceWorker(page);
  console.log('sw ready');
  await byTestId(page, 'report-submit').click();
  await byTestId(page, 'history-page').waitFor({ timeout: 20000 });
  await page.waitForTimeout(3000);
  await screenshot(page, 'scratch-04');
  console.log(await byTestId(page, 'report-standing').first().textContent());
  await page.waitForTimeout(10000);
  console.log(await byTestId(page, 'report-standing').first().textContent());
  await screenshot(page, 'scratch-05');
} catch (e) {
  console.log('FAILED', e);
} finally {
  await browser.close();
  console.log(
    server
      .logs()
      .split('\n')
      .filter((l) => !l.startsWith('{'))
      .join('\n'),
  );
  console.log(
    server
      .logs()
      .split('\n')
      .filter((l) => /sync\/|"level":[456]0/.test(l))
      .map((l) => {
        const j = JSON.parse(l);
        return [
          j.time,
          j.req?.method,
          j.req?.url?.slice(0, 110),
          j.res?.statusCode,
          j.responseTime,
          j.msg,
        ].join(' ');
      })
      .join('\n'),
  );
  await server.dispose();
}
