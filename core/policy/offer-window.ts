import { localTimeIn, parseClockTime, WEEKDAYS, type Weekday } from "./local-time.ts";
import type { OfferWindow } from "./queue-policy.ts";

/**
 * The window open at `now` in the queue's time zone, if any. A window whose end is not after
 * its start runs overnight into the next day; `days` names the day it opens. Start is
 * inclusive, end exclusive; equal start and end mean a full day from start. Local wall time is used, so a window keeps its local hours across
 * daylight-saving changes.
 */
export function openWindow(options: {
  windows: readonly OfferWindow[];
  timeZone: string;
  now: Date;
}): OfferWindow | undefined {
  // Formatting the local time is the costly part of an offer decision; no windows, no need.
  if (options.windows.length === 0) return undefined;
  const local = localTimeIn(options.now, options.timeZone);
  const yesterday = WEEKDAYS[(WEEKDAYS.indexOf(local.weekday) + 6) % 7] as Weekday;
  return options.windows.find((window) => {
    const start = parseClockTime(window.start) ?? 0;
    const end = parseClockTime(window.end) ?? 0;
    if (end > start) {
      return (
        window.days.includes(local.weekday) && local.minuteOfDay >= start && local.minuteOfDay < end
      );
    }
    const lateToday = window.days.includes(local.weekday) && local.minuteOfDay >= start;
    const earlyFromYesterday = window.days.includes(yesterday) && local.minuteOfDay < end;
    return lateToday || earlyFromYesterday;
  });
}
