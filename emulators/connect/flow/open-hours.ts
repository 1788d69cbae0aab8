import type { HoursOfOperationInfo } from "./flow-host.ts";

const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const WEEKDAYS = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"];
const SHORT_WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

function minutesOf(clock: string): number {
  const [hours, minutes] = clock.split(":").map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** Minutes since Sunday 00:00 on the wall clock of `timeZone` at an instant. */
function minuteOfWeek(timeZone: string, atMs: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(atMs));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((entry) => entry.type === type)?.value ?? "";
  const day = SHORT_WEEKDAYS.indexOf(part("weekday"));
  if (day < 0) throw new Error(`no weekday for ${new Date(atMs).toISOString()} in ${timeZone}`);
  return day * MINUTES_PER_DAY + Number(part("hour")) * 60 + Number(part("minute"));
}

/**
 * Whether the hours are open at an instant, read on the wall clock of their own time zone (so
 * daylight saving moves the hours with local time). A range ends on its own day when its end
 * is later than its start; otherwise it runs past midnight into the next day. That makes
 * 10:00–00:00 fourteen hours and 00:00–00:00 the whole day, as the admin guide's "How to
 * specify midnight" and its 24x7 example have it; other ends before the start (22:00–02:00)
 * are read the same way, which the docs do not confirm.
 */
export function isOpenAt(hours: HoursOfOperationInfo, atMs: number): boolean {
  const now = minuteOfWeek(hours.timeZone, atMs);
  return hours.config.some((range) => {
    const start = WEEKDAYS.indexOf(range.day) * MINUTES_PER_DAY + minutesOf(range.startTime);
    const end = minutesOf(range.endTime) - minutesOf(range.startTime);
    const length = end > 0 ? end : end + MINUTES_PER_DAY;
    // Modulo a week, so Saturday night's range carries on into Sunday morning.
    return (now - start + MINUTES_PER_WEEK) % MINUTES_PER_WEEK < length;
  });
}
