import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { autoAdvancingClock } from "./flow-clock.ts";
import { InMemoryFlowHost } from "./in-memory-host.ts";
import { runFlow } from "./run-flow.ts";
import { type CallerStep, ScriptedCaller } from "./scripted-caller.ts";
import { loadFlow } from "./validate-flow.ts";

const example = loadFlow(
  JSON.parse(readFileSync(new URL("./fixtures/deflection-example.json", import.meta.url), "utf8")),
);
const QUEUE_ID = "66666666-7777-8888-9999-000000000000";

interface Scenario {
  oldestContactAgeSeconds?: number;
  capacity?: number;
  steps?: CallerStep[];
  eligibility?: () => unknown;
  send?: () => unknown;
}

function setUp(scenario: Scenario) {
  const clock = autoAdvancingClock();
  const caller = new ScriptedCaller(clock, { steps: scenario.steps ?? [] });
  const host = new InMemoryFlowHost({
    clock,
    participant: caller,
    queues: [
      {
        queueId: QUEUE_ID,
        name: "Support",
        oldestContactAgeSeconds: scenario.oldestContactAgeSeconds ?? 420,
        contactsInQueue: 3,
        ...(scenario.capacity !== undefined ? { capacity: scenario.capacity } : {}),
      },
    ],
  });
  host.lambdas.register(
    "deflect-eligibility",
    scenario.eligibility ?? (() => ({ eligible: "true", waitMinutes: "12" })),
  );
  host.lambdas.register("deflect-send", scenario.send ?? (() => ({ sent: "true" })));
  return { clock, caller, host, run: () => runFlow({ flow: example, host }) };
}

const UP_TO_OFFER = ["log-on", "pick-queue", "wait-check", "eligibility", "is-eligible", "offer"];

describe("the protocols.md §2.4 example flow", () => {
  it("long wait, eligible, press 1, send ok: confirms over SSML and hangs up", async () => {
    const { host, caller, run } = setUp({ steps: [{ press: "1", afterSeconds: 2 }] });
    const result = await run();

    expect(result.visited).toEqual([
      ...UP_TO_OFFER,
      "remember",
      "send",
      "sent-ok",
      "bye",
      "hang-up",
    ]);
    expect(result.end).toEqual({ kind: "disconnected", by: "action" });
    expect(result.attributes).toEqual({ deflectChannel: "whatsapp", quotedWaitMinutes: "12" });
    expect(caller.heard.map((p) => [p.actionId, p.kind, p.result])).toEqual([
      ["offer", "Text", "played"],
      ["bye", "SSML", "played"],
    ]);
    expect(caller.heard[0]?.content).toBe(
      "The wait is about 12 minutes. Press 1 to carry on over WhatsApp, or 2 to stay on hold.",
    );
    expect(host.disconnected).toBe(true);
    expect(host.queuedIn).toBeUndefined();
  });

  it("sends the Connect event with the working queue and resolved parameters", async () => {
    const { host, run } = setUp({ steps: [{ press: "1" }] });
    await run();
    const [eligibility, send] = host.lambdas.invocations;
    const queueArn = `${host.contactData().instanceArn}/queue/${QUEUE_ID}`;
    expect(eligibility?.event.Details.Parameters).toEqual({ queueArn });
    expect(eligibility?.event.Details.ContactData.Queue).toEqual({
      ARN: queueArn,
      Name: "Support",
    });
    expect(eligibility?.event.Details.ContactData.Attributes).toEqual({});
    expect(send?.event.Details.Parameters).toEqual({ channel: "whatsapp" });
    expect(send?.event.Details.ContactData.Attributes).toEqual({
      deflectChannel: "whatsapp",
      quotedWaitMinutes: "12",
    });
  });

  it("press 2 queues the caller", async () => {
    const { host, run } = setUp({ steps: [{ press: "2" }] });
    const result = await run();
    expect(result.visited).toEqual([...UP_TO_OFFER, "enqueue"]);
    expect(result.end).toMatchObject({
      kind: "queued",
      queue: { queueId: QUEUE_ID, name: "Support" },
    });
    expect(host.disconnected).toBe(false);
  });

  it("no key within InputTimeLimitSeconds queues the caller after 6 s", async () => {
    const { clock, run } = setUp({ steps: [{ silence: true }] });
    const result = await run();
    expect(result.visited).toEqual([...UP_TO_OFFER, "enqueue"]);
    expect(result.steps.find((s) => s.actionId === "offer")?.outcome).toBe(
      "error:InputTimeLimitExceeded",
    );
    const offerPlayedAt = result.prompts[0]?.atMs ?? 0;
    // The 6 s limit starts after the prompt, which the caller hears for its speaking time.
    expect(clock.now() - offerPlayedAt).toBeGreaterThanOrEqual(6000);
    expect(result.end.kind).toBe("queued");
  });

  it("an unlisted key takes NoMatchingCondition to the queue", async () => {
    const { run } = setUp({ steps: [{ press: "7" }] });
    const result = await run();
    expect(result.steps.find((s) => s.actionId === "offer")?.outcome).toBe("result:7");
    expect(result.visited.at(-1)).toBe("enqueue");
  });

  it("a Lambda error takes the error branch to the queue", async () => {
    const { run } = setUp({
      eligibility: () => {
        throw new Error("boom");
      },
    });
    const result = await run();
    expect(result.visited).toEqual([
      "log-on",
      "pick-queue",
      "wait-check",
      "eligibility",
      "enqueue",
    ]);
    expect(result.lambdaCalls[0]?.error).toBe("function error: boom");
    expect(result.end.kind).toBe("queued");
  });

  it("send returns sent=false: apology, then the queue", async () => {
    const { caller, run } = setUp({ steps: [{ press: "1" }], send: () => ({ sent: "false" }) });
    const result = await run();
    expect(result.visited).toEqual([
      ...UP_TO_OFFER,
      "remember",
      "send",
      "sent-ok",
      "apology",
      "enqueue",
    ]);
    expect(caller.heard.map((p) => p.actionId)).toEqual(["offer", "apology"]);
    expect(result.end.kind).toBe("queued");
  });

  it("a short wait skips the offer", async () => {
    const { host, run } = setUp({ oldestContactAgeSeconds: 299 });
    const result = await run();
    expect(result.visited).toEqual(["log-on", "pick-queue", "wait-check", "enqueue"]);
    expect(host.lambdas.invocations).toHaveLength(0);
  });

  it("a full queue takes QueueAtCapacity and hangs up", async () => {
    const { run } = setUp({ oldestContactAgeSeconds: 10, capacity: 3 });
    const result = await run();
    expect(result.visited).toEqual(["log-on", "pick-queue", "wait-check", "enqueue", "hang-up"]);
    expect(result.steps.at(-2)?.outcome).toBe("error:QueueAtCapacity");
    expect(result.end).toEqual({ kind: "disconnected", by: "action" });
  });

  it("a caller who hangs up during the offer ends the run", async () => {
    const { run } = setUp({ steps: [{ hangUp: true, afterSeconds: 1 }] });
    const result = await run();
    expect(result.visited).toEqual(UP_TO_OFFER);
    expect(result.end).toEqual({ kind: "hungUp" });
  });
});
