import type * as z from "zod";
import type { hoursSeedSchema } from "./instance-seed.ts";

export interface HoursOfOperation extends z.output<typeof hoursSeedSchema> {
  readonly id: string;
  readonly arn: string;
}

const weekdays = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"];

/** Whether the hours are open at an instant, judged in the hours' own IANA time zone. */
export function isOpenAt(hours: HoursOfOperation, atMs: number): boolean {
  const local = localWeekdayAndMinute(hours.timeZone, atMs);
  return hours.config.some((slot) => {
    if (slot.day !== local.day) return false;
    const start = minutesOf(slot.startTime);
    const end = minutesOf(slot.endTime);
    // 00:00–00:00 is how Connect writes "open all day".
    if (start === end) return true;
    return local.minute >= start && local.minute < end;
  });
}

function localWeekdayAndMinute(timeZone: string, atMs: number): { day: string; minute: number } {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "long",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(atMs));
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? "";
  const day = get("weekday").toUpperCase();
  const minute = Number(get("hour")) * 60 + Number(get("minute"));
  return { day: weekdays.includes(day) ? day : "MONDAY", minute };
}

function minutesOf(clock: string): number {
  const [hours, minutes] = clock.split(":").map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** The offset of a time zone from UTC at an instant, in milliseconds (local = utc + offset). */
export function timeZoneOffsetMs(timeZone: string, atMs: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(atMs));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour"),
    get("minute"),
    get("second"),
  );
  return asUtc - Math.floor(atMs / 1000) * 1000;
}
