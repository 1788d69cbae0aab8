import type * as z from "zod";
import type { hoursSeedSchema } from "./instance-seed.ts";

export interface HoursOfOperation extends z.output<typeof hoursSeedSchema> {
  readonly id: string;
  readonly arn: string;
}

const ALL_WEEK = [
  "MONDAY",
  "TUESDAY",
  "WEDNESDAY",
  "THURSDAY",
  "FRIDAY",
  "SATURDAY",
  "SUNDAY",
] as const;

/**
 * The hours a new instance comes with, open all week (00:00–00:00 is a whole day in the admin
 * guide's 24x7 example); a queue seeded without hours gets them. Their time zone is not
 * documented, so UTC. Whether hours are open is the flow's to judge (flow/open-hours.ts).
 */
export const BASIC_HOURS: z.output<typeof hoursSeedSchema> = {
  name: "Basic Hours",
  timeZone: "UTC",
  config: ALL_WEEK.map((day) => ({ day, startTime: "00:00", endTime: "00:00" })),
};

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
