import { DateTime } from 'luxon';
import { reason, type Reason } from '../errors.ts';
import { parseIsoInstant } from '../iso-time.ts';
import {
  DEFAULT_ACCEPTANCE_HOURS,
  inSeason,
  minutesOfDay,
  type AcceptanceHoursConfig,
  type Hotline,
} from './acceptance-hours-config.ts';

/**
 * Acceptance hours (受理时间). A report is judged on when its problem was captured, because a
 * citizen who photographed it at 11:50 and whose phone was offline until 12:30 did report in
 * time. The device's clock is trusted only within a tolerance of the receipt time
 * ([receivedAt - maxCaptureAgeHours, receivedAt + maxCaptureAheadMinutes], both ends
 * inclusive); outside it, or when the text does not parse, the receipt time is judged instead.
 *
 * Windows are half-open in local time: the start is open, the end is closed. In summer
 * 07:30:00.000 is open, 11:59:59.999 is open, 12:00:00.000 is closed. All arithmetic happens
 * in the configured zone (Asia/Shanghai), so the host's TZ never changes an answer.
 */
export interface AcceptanceWindow {
  /** ISO 8601 in the configured zone, e.g. 2024-07-01T07:30:00.000+08:00. Inclusive. */
  start: string;
  /** Exclusive. */
  end: string;
}

export type JudgedOn = 'capture' | 'receipt';

/** Why the capture time was not used: it did not parse, or lay outside the tolerance. */
export type CaptureIgnored = 'unparseable' | 'too-old' | 'ahead-of-receipt';

export interface AcceptanceJudgement {
  open: boolean;
  /** The instant judged, ISO 8601 in the configured zone. */
  judgedAt: string;
  judgedOn: JudgedOn;
  captureIgnored?: CaptureIgnored;
  /** The window the instant fell in, when open. */
  window?: AcceptanceWindow;
  /** When closed: the next window start after the instant judged. */
  nextOpening?: string;
  /** When closed: outside-acceptance-hours. */
  reason?: Reason;
  /** Always given, so the app can offer them beside any answer. */
  hotlines: readonly Hotline[];
}

interface LocalWindow {
  start: DateTime;
  end: DateTime;
}

/** The local date's windows, built from wall-clock times in the configured zone. */
function windowsOnLocalDate(day: DateTime, config: AcceptanceHoursConfig): LocalWindow[] {
  const season = config.seasons.find((s) => inSeason(s, day.toFormat('MM-dd')));
  if (!season) throw new Error(`no acceptance season covers ${day.toISODate()}`);
  const midnight = day.startOf('day');
  const at = (hourMinute: string) => {
    const minutes = minutesOfDay(hourMinute);
    return midnight.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 });
  };
  return season.windows.map((w) => ({ start: at(w.start), end: at(w.end) }));
}

function toIso(instant: DateTime): string {
  return instant.toISO()!;
}

function localDay(date: Date | string, config: AcceptanceHoursConfig): DateTime {
  const day =
    typeof date === 'string'
      ? DateTime.fromISO(date, { zone: config.timeZone })
      : DateTime.fromJSDate(date, { zone: config.timeZone });
  if (!day.isValid) throw new RangeError('acceptance date is not a valid date');
  return day;
}

/**
 * The windows of one calendar day in the configured zone. A Date names the day it falls on
 * there; a string is read as a local date ("2024-07-01").
 */
export function acceptanceWindowsOn(
  date: Date | string,
  config: AcceptanceHoursConfig = DEFAULT_ACCEPTANCE_HOURS,
): AcceptanceWindow[] {
  return windowsOnLocalDate(localDay(date, config), config).map((w) => ({
    start: toIso(w.start),
    end: toIso(w.end),
  }));
}

function nextOpeningAfter(instant: DateTime, config: AcceptanceHoursConfig): DateTime {
  // Validation guarantees every day has a window, so tomorrow at the latest has one.
  for (let days = 0; days <= 2; days += 1) {
    const day = instant.plus({ days });
    const start = windowsOnLocalDate(day, config).find(
      (w) => w.start.toMillis() >= instant.toMillis(),
    )?.start;
    if (start) return start;
  }
  throw new Error('no acceptance window within two days');
}

/** The earliest window start at or after `from` (a later one if `from` is inside a window). */
export function nextOpening(
  from: Date,
  config: AcceptanceHoursConfig = DEFAULT_ACCEPTANCE_HOURS,
): string {
  return toIso(nextOpeningAfter(localDay(from, config), config));
}

function choose(
  capturedAtIso: string,
  receivedAt: DateTime,
  config: AcceptanceHoursConfig,
): { instant: DateTime; judgedOn: JudgedOn; captureIgnored?: CaptureIgnored } {
  const captured = parseIsoInstant(capturedAtIso);
  if (!captured) return { instant: receivedAt, judgedOn: 'receipt', captureIgnored: 'unparseable' };
  const earliest = receivedAt.minus({ hours: config.maxCaptureAgeHours });
  const latest = receivedAt.plus({ minutes: config.maxCaptureAheadMinutes });
  if (captured.toMillis() < earliest.toMillis()) {
    return { instant: receivedAt, judgedOn: 'receipt', captureIgnored: 'too-old' };
  }
  if (captured.toMillis() > latest.toMillis()) {
    return { instant: receivedAt, judgedOn: 'receipt', captureIgnored: 'ahead-of-receipt' };
  }
  return { instant: captured.setZone(config.timeZone), judgedOn: 'capture' };
}

export function judgeAcceptanceHours(
  capturedAtIso: string,
  receivedAt: Date,
  config: AcceptanceHoursConfig = DEFAULT_ACCEPTANCE_HOURS,
): AcceptanceJudgement {
  const received = localDay(receivedAt, config);

  const { instant, judgedOn, captureIgnored } = choose(capturedAtIso, received, config);
  const at = instant.toMillis();
  const open = windowsOnLocalDate(instant, config).find(
    (w) => w.start.toMillis() <= at && at < w.end.toMillis(),
  );

  const base = {
    open: open !== undefined,
    judgedAt: toIso(instant),
    judgedOn,
    ...(captureIgnored && { captureIgnored }),
    hotlines: config.hotlines,
  };
  if (open) return { ...base, window: { start: toIso(open.start), end: toIso(open.end) } };
  return {
    ...base,
    nextOpening: toIso(nextOpeningAfter(instant, config)),
    reason: reason('outside-acceptance-hours'),
  };
}
