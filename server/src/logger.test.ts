import { describe, expect, it } from 'vitest';
import { createLogger, loggableUrl } from './logger.ts';

function capture() {
  const lines: string[] = [];
  const log = createLogger({ write: (line: string) => lines.push(line) });
  log.level = 'info';
  return { log, text: () => lines.join('') };
}

describe('logger', () => {
  it('replaces authorization headers, tokens and phone numbers wherever they sit', () => {
    const { log, text } = capture();
    log.info(
      {
        req: { headers: { authorization: 'Bearer secret-access' } },
        refreshToken: 'secret-refresh',
        body: { phone: '13812345678', accessToken: 'secret-access-2' },
        account: { sms: { phoneE164: '+8613812345678' } },
      },
      'something happened',
    );
    const written = text();
    expect(written).toContain('something happened');
    for (const secret of ['secret-access', 'secret-refresh', '13812345678']) {
      expect(written).not.toContain(secret);
    }
  });

  it('keeps error codes, which are not secrets', () => {
    const { log, text } = capture();
    log.error({ err: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) }, 'failed');
    expect(text()).toContain('ECONNREFUSED');
  });

  it('strips access_token from URLs', () => {
    expect(loggableUrl('/api/media/abc?access_token=eyJ.x.y&w=1')).toBe(
      '/api/media/abc?access_token=[redacted]&w=1',
    );
  });
});
