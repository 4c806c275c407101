import type { FetchFn } from '@smt/sync';

/**
 * A simulated phone's network: every request of the device goes through `fetch` here, which
 * fails at once while the phone is offline and aborts what was in flight when it goes
 * offline. Each phone also carries its own client address (X-Forwarded-For), as phones
 * behind a carrier do, so the server's per-address sign-in limits see separate phones.
 */
export class DeviceNet {
  private online = true;
  private cut = new AbortController();
  /** The last few requests the server refused with 404 (method, path and answer): diagnosis. */
  readonly notFound: string[] = [];

  constructor(private readonly address: string) {}

  get isOnline(): boolean {
    return this.online;
  }

  goOffline(): void {
    this.online = false;
    this.cut.abort(new Error('device went offline'));
  }

  goOnline(): void {
    this.online = true;
    this.cut = new AbortController();
  }

  fetch: FetchFn = async (input, init = {}) => {
    if (!this.online) throw new TypeError('fetch failed: the device is offline');
    const headers = new Headers(init.headers);
    headers.set('x-forwarded-for', this.address);
    const signal = init.signal ? AbortSignal.any([init.signal, this.cut.signal]) : this.cut.signal;
    const response = await globalThis.fetch(input, { ...init, headers, signal });
    if (response.status === 404) void this.noteNotFound(String(input), init.method, response);
    return response;
  };

  private async noteNotFound(url: string, method = 'GET', response: Response): Promise<void> {
    const body = await response
      .clone()
      .text()
      .catch(() => '');
    const seen = `${method} ${new URL(url).pathname} ${body.slice(0, 80)}`;
    if (this.notFound.includes(seen)) return;
    this.notFound.push(seen);
    if (this.notFound.length > 5) this.notFound.shift();
  }
}
