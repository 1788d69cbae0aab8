import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseWindowFlag } from "./policy-flags.ts";
import { daysSummary, WEEK } from "./policy-summary.ts";
import { formatTable } from "./text-table.ts";

describe("window flags and day summaries", () => {
  it("reads back any set of days from its own summary", () => {
    fc.assert(
      fc.property(fc.subarray([...WEEK], { minLength: 1 }), (days) => {
        const summary = daysSummary(days);
        expect(parseWindowFlag(`${summary} 08:00-20:00`).days).toEqual(days);
      }),
    );
  });

  it.each([
    [["mon", "tue", "wed", "thu", "fri"], "mon-fri"],
    [["fri", "sat", "sun", "mon"], "fri-mon"],
    [["sat", "sun"], "sat,sun"],
    [["mon", "wed", "thu", "fri", "sun"], "mon,wed-fri,sun"],
    [[...WEEK], "daily"],
  ] as const)("summarises %j as %s", (days, summary) => {
    expect(daysSummary(days)).toBe(summary);
  });
});

describe("formatTable", () => {
  it("pads columns to the widest cell, right-aligns the asked ones, and trims line ends", () => {
    const text = formatTable(
      ["NAME", "N", "NOTE"],
      [
        ["a", "5", ""],
        ["long-name", "120", "x"],
      ],
      { alignRight: [1] },
    );
    expect(text.split("\n")).toEqual([
      "NAME         N  NOTE",
      "a            5",
      "long-name  120  x",
    ]);
  });
});
