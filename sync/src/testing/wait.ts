import { filter, firstValueFrom, timeout, type Observable } from 'rxjs';

const WAIT_LIMIT_MS = 15_000;
const POLL_MS = 25;

/** Polls until the condition holds; fails the test with `what` when it never does. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  limitMs = WAIT_LIMIT_MS,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export function firstMatch<T>(source: Observable<T>, test: (value: T) => boolean): Promise<T> {
  return firstValueFrom(source.pipe(filter(test), timeout(WAIT_LIMIT_MS)));
}
