import { describe, expect, it } from "vitest";
import { openWindow } from "./offer-window.ts";
import type { OfferWindow } from "./queue-policy.ts";

const weekdays: OfferWindow = {
  days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
  start: "08:00",
  end: "18:00",
};
const overnight: OfferWindow = { days: ["fri"], start: "22:00", end: "06:00" };

function isOpen(iso: string, windows: OfferWindow[], timeZone = "Europe/London"): boolean {
  return openWindow({ windows, timeZone, now: new Date(iso) }) !== undefined;
}

describe("offer windows in the queue's own time zone", () => {
  it("opens at the start minute and closes at the end minute", () => {
    // 10 June 2026 is summer time in London (UTC+1).
    expect(isOpen("2026-06-10T06:59:59Z", [weekdays])).toBe(false);
    expect(isOpen("2026-06-10T07:00:00Z", [weekdays])).toBe(true);
    expect(isOpen("2026-06-10T16:59:59Z", [weekdays])).toBe(true);
    expect(isOpen("2026-06-10T17:00:00Z", [weekdays])).toBe(false);
  });

  it("keeps local hours across the spring daylight-saving change", () => {
    // London moves to UTC+1 at 01:00 UTC on Sunday 29 March 2026.
    expect(isOpen("2026-03-28T07:59:00Z", [weekdays])).toBe(false); // 07:59 GMT
    expect(isOpen("2026-03-28T08:00:00Z", [weekdays])).toBe(true); // 08:00 GMT
    expect(isOpen("2026-03-30T06:59:00Z", [weekdays])).toBe(false); // 07:59 BST
    expect(isOpen("2026-03-30T07:00:00Z", [weekdays])).toBe(true); // 08:00 BST
    expect(isOpen("2026-03-30T16:59:00Z", [weekdays])).toBe(true); // 17:59 BST
    expect(isOpen("2026-03-30T17:00:00Z", [weekdays])).toBe(false); // 18:00 BST
  });

  it("keeps local hours across the autumn change in another zone", () => {
    // New York returns to UTC-5 at 06:00 UTC on Sunday 1 November 2026.
    const tz = "America/New_York";
    expect(isOpen("2026-10-31T12:00:00Z", [weekdays], tz)).toBe(true); // 08:00 EDT
    expect(isOpen("2026-11-02T12:59:00Z", [weekdays], tz)).toBe(false); // 07:59 EST
    expect(isOpen("2026-11-02T13:00:00Z", [weekdays], tz)).toBe(true); // 08:00 EST
  });

  it("runs an overnight window into the next day, keyed to the day it opens", () => {
    // Friday 12 June 2026, London summer time.
    expect(isOpen("2026-06-12T20:59:00Z", [overnight])).toBe(false); // Fri 21:59
    expect(isOpen("2026-06-12T21:00:00Z", [overnight])).toBe(true); // Fri 22:00
    expect(isOpen("2026-06-13T04:59:00Z", [overnight])).toBe(true); // Sat 05:59
    expect(isOpen("2026-06-13T05:00:00Z", [overnight])).toBe(false); // Sat 06:00
    expect(isOpen("2026-06-13T21:00:00Z", [overnight])).toBe(false); // Sat 22:00
  });

  it("treats equal start and end as the whole day and 24:00 as midnight", () => {
    expect(isOpen("2026-06-12T23:30:00Z", [{ days: ["sat"], start: "00:00", end: "00:00" }])).toBe(
      true,
    );
    expect(isOpen("2026-06-10T22:59:00Z", [{ days: ["wed"], start: "20:00", end: "24:00" }])).toBe(
      true,
    );
  });

  it("returns the first matching window so its thresholds apply", () => {
    const evening: OfferWindow = {
      days: ["wed"],
      start: "17:00",
      end: "20:00",
      thresholds: { onWaitSeconds: 60, offWaitSeconds: 30 },
    };
    const found = openWindow({
      windows: [evening, weekdays],
      timeZone: "Europe/London",
      now: new Date("2026-06-10T16:30:00Z"),
    });
    expect(found).toBe(evening);
  });
});
