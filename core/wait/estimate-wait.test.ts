import { describe, expect, it } from "vitest";
import { estimateWaitSeconds, UNSTAFFED_WAIT_SECONDS } from "./estimate-wait.ts";

const load = {
  contactsInQueue: 0,
  agentsAvailable: 0,
  agentsOnContact: 0,
  oldestContactAgeSeconds: 0,
};

describe("estimateWaitSeconds", () => {
  it("is zero while an agent is free for every waiting contact", () => {
    expect(
      estimateWaitSeconds({
        load: { ...load, contactsInQueue: 2, agentsAvailable: 3 },
        averageHandleSeconds: 300,
      }),
    ).toBe(0);
  });

  it("spreads the contacts ahead over the agents serving the queue", () => {
    // 9 waiting, nobody free, 5 agents busy: the 10th contact waits 10 × 300 s / 5 = 600 s.
    const busy = { ...load, contactsInQueue: 9, agentsOnContact: 5, oldestContactAgeSeconds: 100 };
    expect(estimateWaitSeconds({ load: busy, averageHandleSeconds: 300 })).toBe(600);
  });

  it("never reports less than the oldest contact has already waited", () => {
    const stuck = {
      ...load,
      contactsInQueue: 1,
      agentsOnContact: 10,
      oldestContactAgeSeconds: 900,
    };
    expect(estimateWaitSeconds({ load: stuck, averageHandleSeconds: 60 })).toBe(900);
  });

  it("treats a queue nobody serves as unbounded", () => {
    expect(
      estimateWaitSeconds({ load: { ...load, contactsInQueue: 1 }, averageHandleSeconds: 300 }),
    ).toBe(UNSTAFFED_WAIT_SECONDS);
  });
});
