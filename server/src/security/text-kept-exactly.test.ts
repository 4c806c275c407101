import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  caseIdFor,
  MAX_DESCRIPTION_CHARS,
  type OutcomeDoc,
  outcomeIdFor,
  type StatusDoc,
  statusIdFor,
  type TaskDoc,
  taskIdFor,
} from '@smt/shared';
import { startTestServer, type TestServer } from '../testing/start-test-server.ts';
import { type Sessions, signInEveryone } from './actors.ts';
import { actionDoc, newReportId, putDoc, readCase, readOwn, reportDoc, waitFor } from './flow.ts';

/**
 * Free text is kept exactly, whatever it holds: markup and script, 10,000 characters, emoji
 * sequences, combining marks, right-to-left text and line separators go from the citizen's
 * device to the case, to the staff's tasks and back to the citizen's status byte for byte.
 * The console renders these fields as text; what this proves is that nothing on the way
 * escapes, trims, normalises or truncates them, so the console has the real text to render.
 */
let server: TestServer;
let sessions: Sessions;

beforeAll(async () => {
  server = await startTestServer({}, { workers: true });
  sessions = await signInEveryone(server);
});

afterAll(() => server?.close());

const HOSTILE_PIECES = [
  '<script>alert("x")</script>',
  '<img src=x onerror=alert(1)>',
  '</textarea><svg onload=alert(1)>',
  '"\'`${7*7}{{constructor.constructor("alert(1)")()}}',
  '&lt;b&gt; &amp; &#x3C;',
  '\\u0000 \\" \\\\',
  '👨‍👩‍👧‍👦',
  '🇨🇳',
  '👍🏽',
  '🧑🏿‍🦽',
  'é',
  'مرحبا',
  '\u202Eevil\u202C',
  '\u2028\u2029',
  '\t\r\n',
  '井盖缺失，很危险。',
  ' leading and trailing spaces ',
];

/** Exactly `codePoints` characters as a person counts them, cycling through the pieces. */
function hostileText(codePoints: number): string {
  const out: string[] = [];
  for (let i = 0; out.length < codePoints; i++) {
    for (const char of HOSTILE_PIECES[i % HOSTILE_PIECES.length]!) {
      if (out.length === codePoints) break;
      out.push(char);
    }
  }
  return out.join('');
}

describe('free text through every door', () => {
  it('keeps a 10,000-character description full of markup and emoji exactly, from report to task', async () => {
    const description = hostileText(MAX_DESCRIPTION_CHARS);
    expect([...description]).toHaveLength(MAX_DESCRIPTION_CHARS);
    const reportId = newReportId();
    const written = await putDoc(server, sessions.citizenA, reportDoc(reportId, { description }));
    expect(written.status).toBe(201);

    const caseDoc = await waitFor('the case', () => readCase(server, reportId));
    expect(caseDoc.state).toBe('accepted');
    expect(caseDoc.description).toBe(description);
    const stored = await readOwn<{ description: string }>(server, sessions.citizenA, reportId);
    expect(stored?.description).toBe(description);

    const task = await waitFor('the centre task', () =>
      readOwn<TaskDoc>(server, sessions.center, taskIdFor(caseIdFor(reportId))),
    );
    expect(task.description).toBe(description);
  });

  it('keeps markup in a staff note exactly on the case, the tasks and the citizen status', async () => {
    const reportId = newReportId();
    const caseId = caseIdFor(reportId);
    await putDoc(server, sessions.citizenA, reportDoc(reportId));
    await waitFor('the centre task', () =>
      readOwn<TaskDoc>(server, sessions.center, taskIdFor(caseId)),
    );

    const note = `${hostileText(200)}<b onmouseover="steal()">核实</b>`;
    const action = actionDoc(sessions.center, 'center-dispatcher', caseId, 'request-verify', {
      note,
    });
    expect((await putDoc(server, sessions.center, action)).status).toBe(201);
    const outcome = await waitFor('the outcome', () =>
      readOwn<OutcomeDoc>(server, sessions.center, outcomeIdFor(action._id)),
    );
    expect(outcome.result).toBe('applied');

    expect((await readCase(server, reportId))?.history.at(-1)?.note).toBe(note);
    const status = await waitFor('the status', async () => {
      const found = await readOwn<StatusDoc>(server, sessions.citizenA, statusIdFor(reportId));
      return found?.state === 'verifying' ? found : undefined;
    });
    expect(status.history.at(-1)?.note).toBe(note);
    const supervisorTask = await waitFor('the supervisor task', () =>
      readOwn<TaskDoc>(server, sessions.supervisor, taskIdFor(caseId)),
    );
    expect(supervisorTask.history.at(-1)?.note).toBe(note);
  });

  it('refuses a description one character too long, and tells the citizen why', async () => {
    const reportId = newReportId();
    const description = hostileText(MAX_DESCRIPTION_CHARS + 1);
    await putDoc(server, sessions.citizenA, reportDoc(reportId, { description }));

    const status = await waitFor('the status', () =>
      readOwn<StatusDoc>(server, sessions.citizenA, statusIdFor(reportId)),
    );
    expect(status.state).toBe('rejected');
    expect(status.reason).toMatchObject({
      code: 'report-malformed',
      detail: 'description: too long',
    });
  });

  it('refuses markup in fields that are not free text, naming the field and not echoing it', async () => {
    const fields = [
      { category: { major: 'garbage', minor: '<script>alert(1)</script>' } },
      { location: { lat: 38.05, lng: 114.52, source: '<img src=x>' } },
      { capturedAt: '<script>' },
    ];
    for (const extra of fields) {
      const reportId = newReportId();
      await putDoc(server, sessions.citizenA, { ...reportDoc(reportId), ...extra });
      const status = await waitFor('the status', () =>
        readOwn<StatusDoc>(server, sessions.citizenA, statusIdFor(reportId)),
      );
      expect(status.state).toBe('rejected');
      expect(status.reason?.code).toBe('report-malformed');
      expect(JSON.stringify(status)).not.toMatch(/<script>|<img/);
    }
  });
});
