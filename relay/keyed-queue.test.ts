import { describe, expect, it } from "vitest";
import { KeyedQueue } from "./keyed-queue.ts";

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("KeyedQueue", () => {
  it("runs one key's work in order, one at a time, and other keys beside it", async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const job = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await tick(ms);
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([
      queue.run("chat-1", job("a1", 20)),
      queue.run("chat-1", job("a2", 1)),
      queue.run("chat-2", job("b1", 5)),
    ]);
    expect(results).toEqual(["a1", "a2", "b1"]);
    expect(log.indexOf("end a1")).toBeLessThan(log.indexOf("start a2"));
    expect(log.indexOf("start b1")).toBeLessThan(log.indexOf("end a1"));
    expect(queue.size).toBe(0);
  });

  it("goes on with a key's next work after a failure, and hands the failure to its caller", async () => {
    const queue = new KeyedQueue();
    const failed = queue.run("chat-1", async () => {
      throw new Error("send failed");
    });
    const next = queue.run("chat-1", async () => "sent");
    await expect(failed).rejects.toThrow("send failed");
    await expect(next).resolves.toBe("sent");
  });
});
