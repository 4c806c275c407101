import { BehaviorSubject, distinctUntilChanged, type Observable } from 'rxjs';
import type { FetchFn } from './auth-client.ts';
import { SyncError } from './sync-error.ts';

/**
 * "Online" here means "the server answered the last request", learnt from the requests the
 * replications make anyway; navigator.onLine only says a network interface is up. Starts
 * false: a report counts as "saved on the phone" until the server has been heard from.
 */
export class Connectivity {
  private readonly online = new BehaviorSubject(false);
  private readonly removeListener: () => void;

  readonly online$: Observable<boolean> = this.online.pipe(distinctUntilChanged());

  constructor() {
    const target = typeof window === 'object' ? window : undefined;
    const onOffline = (): void => this.online.next(false);
    target?.addEventListener('offline', onOffline);
    this.removeListener = () => target?.removeEventListener('offline', onOffline);
  }

  get isOnline(): boolean {
    return this.online.value;
  }

  /** For failures found after the answer began, such as a response body that stalled. */
  reportOffline(): void {
    this.online.next(false);
  }

  /** Any answer, even a refusal, proves the server is reachable; a thrown fetch does not. */
  track(fetchFn: FetchFn): FetchFn {
    return async (input, init) => {
      try {
        const response = await fetchFn(input, init);
        this.online.next(true);
        return response;
      } catch (err) {
        this.online.next(!(err instanceof SyncError && err.code === 'offline'));
        throw err;
      }
    };
  }

  dispose(): void {
    this.removeListener();
    this.online.complete();
  }
}

/**
 * A long-poll `_changes` request stays open until something changes, with the server writing
 * a newline every heartbeat. A connection that died without a reset (a phone moving between
 * networks, a NAT dropping it) would leave that request waiting forever, so the live pull
 * would never resume. This aborts a response that stays silent for `silenceMs`; the caller's
 * retry then opens a new one.
 */
export function abortWhenSilent(
  fetchFn: FetchFn,
  silenceMs: number,
  applies: (url: string) => boolean,
): FetchFn {
  return async (input, init = {}) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!applies(url)) return fetchFn(input, init);

    const controller = new AbortController();
    const outer = init.signal;
    const abort = (): void => controller.abort();
    let timer = setTimeout(abort, silenceMs);
    const heard = (): void => {
      clearTimeout(timer);
      timer = setTimeout(abort, silenceMs);
    };
    const finish = (): void => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', abort);
    };
    if (outer?.aborted) abort();
    outer?.addEventListener('abort', abort, { once: true });

    const response = await fetchFn(input, { ...init, signal: controller.signal }).catch((err) => {
      finish();
      throw err;
    });
    heard();
    if (!response.body) {
      finish();
      return response;
    }

    const reader = response.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(out) {
        const chunk = await reader.read().catch((err: unknown) => {
          finish();
          throw SyncError.offline(err);
        });
        if (chunk.done) {
          finish();
          out.close();
          return;
        }
        heard();
        out.enqueue(chunk.value);
      },
      cancel(why) {
        finish();
        return reader.cancel(why);
      },
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
}
