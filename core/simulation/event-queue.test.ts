import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventQueue } from "./event-queue.ts";

describe("EventQueue", () => {
  it("pops events in time order whatever order they were pushed and interleaved in", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.boolean()), {
          maxLength: 600,
        }),
        (steps) => {
          const queue = new EventQueue();
          const popped: number[] = [];
          const times: number[] = [];
          steps.forEach(([time, popNow], id) => {
            queue.push(time, id);
            times[id] = time;
            if (popNow) popped.push(times[queue.pop()] as number);
          });
          const rest: number[] = [];
          while (queue.size > 0) rest.push(times[queue.pop()] as number);
          expect(rest).toEqual([...rest].sort((a, b) => a - b));
          expect(popped.length + rest.length).toBe(steps.length);
        },
      ),
    );
  });

  it("reports Infinity as the next time when empty", () => {
    expect(new EventQueue().peekTime()).toBe(Number.POSITIVE_INFINITY);
  });
});
