import { describe, expect, it } from "vitest";
import { InvalidConfigError } from "../errors.ts";
import { parseQueuePolicy } from "./queue-policy.ts";

const valid = {
  queueId: "q-support",
  timeZone: "Europe/London",
  channels: { whatsapp: { enabled: true }, sms: { enabled: true } },
};

function rejection(input: unknown): InvalidConfigError {
  try {
    parseQueuePolicy(input);
  } catch (error) {
    if (error instanceof InvalidConfigError) return error;
    throw error;
  }
  throw new Error("expected the policy to be rejected");
}

describe("queue policy config", () => {
  it("fills sensible defaults", () => {
    const policy = parseQueuePolicy(valid);
    expect(policy.mode).toBe("live");
    expect(policy.thresholds).toEqual({ onWaitSeconds: 300, offWaitSeconds: 240 });
    expect(policy.maxOfferShare).toBe(1);
    expect(policy.windows).toEqual([]);
    expect(Object.isFrozen(policy)).toBe(true);
  });

  it("names an unknown top-level key", () => {
    expect(rejection({ ...valid, treshold: 5 }).message).toContain("treshold: unknown key");
  });

  it("names an unknown key nested in a window", () => {
    const error = rejection({
      ...valid,
      windows: [{ days: ["mon"], start: "08:00", end: "18:00", timezone: "UTC" }],
    });
    expect(error.message).toContain("windows.0.timezone: unknown key");
  });

  it("names an unknown channel", () => {
    expect(rejection({ ...valid, channels: { fax: { enabled: true } } }).message).toContain(
      "channels.fax",
    );
  });

  it("rejects an off threshold above the on threshold, naming the key", () => {
    const error = rejection({
      ...valid,
      thresholds: { onWaitSeconds: 100, offWaitSeconds: 200 },
    });
    expect(error.message).toContain("thresholds.offWaitSeconds");
  });

  it.each([
    [{ timeZone: "Mars/Olympus" }, "timeZone"],
    [{ maxOfferShare: 1.5 }, "maxOfferShare"],
    [{ mode: "sometimes" }, "mode"],
    [{ windows: [{ days: ["mon"], start: "8am", end: "18:00" }] }, "windows.0.start"],
    [{ windows: [{ days: [], start: "08:00", end: "18:00" }] }, "windows.0.days"],
    [{ thresholds: { onWaitSeconds: -1, offWaitSeconds: 0 } }, "thresholds.onWaitSeconds"],
  ])("rejects %j naming %s", (patch, key) => {
    const error = rejection({ ...valid, ...patch });
    expect(error.message).toContain(key);
    expect(error.code).toBe("INVALID_CONFIG");
  });

  it("rejects a missing queue id", () => {
    const { queueId: _omit, ...rest } = valid;
    expect(rejection(rest).message).toContain("queueId");
  });
});
