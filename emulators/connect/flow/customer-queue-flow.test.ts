import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { autoAdvancingClock } from "./flow-clock.ts";
import { InMemoryFlowHost } from "./in-memory-host.ts";
import type { InMemoryLambdaHandler } from "./in-memory-lambdas.ts";
import { runFlow } from "./run-flow.ts";
import { type CallerStep, ScriptedCaller } from "./scripted-caller.ts";
import { loadFlow } from "./validate-flow.ts";

const queueFlow = loadFlow(
  JSON.parse(readFileSync(new URL("./fixtures/queue-offer.json", import.meta.url), "utf8")),
  { kind: "customerQueue" },
);
const ROUND = ["hold-music", "check", "should-offer"];

function setUp(options: {
  steps?: CallerStep[];
  deflect: InMemoryLambdaHandler;
  hangUpAfterSeconds?: number;
}) {
  const clock = autoAdvancingClock();
  const caller = new ScriptedCaller(clock, {
    steps: options.steps ?? [],
    ...(options.hangUpAfterSeconds !== undefined
      ? { hangUpAfterSeconds: options.hangUpAfterSeconds }
      : {}),
  });
  const host = new InMemoryFlowHost({
    clock,
    participant: caller,
    queues: [{ queueId: "support", name: "Support", contactsInQueue: 4 }],
    queuedIn: "support",
  });
  host.lambdas.register("deflect", options.deflect);
  const startedAt = clock.now();
  return { clock, caller, host, startedAt };
}

describe("a customer queue flow that re-offers deflection while the caller holds", () => {
  it("checks every 60 s, loops twice, then resumes hold with EndFlowExecution", async () => {
    const { host, caller, startedAt } = setUp({ deflect: () => ({ offer: "false" }) });
    const result = await runFlow({ flow: queueFlow, host, kind: "customerQueue" });

    expect(result.visited).toEqual([
      ...ROUND,
      "tries",
      ...ROUND,
      "tries",
      ...ROUND,
      "tries",
      "resume",
    ]);
    expect(result.steps.filter((s) => s.actionId === "tries").map((s) => s.outcome)).toEqual([
      "result:ContinueLooping",
      "result:ContinueLooping",
      "result:DoneLooping",
    ]);
    expect(result.end).toEqual({ kind: "ended" });
    const checks = host.lambdas.invocations.map((i) => i.atMs - startedAt);
    expect(checks).toEqual([60_000, 120_000, 180_000]);
    expect(host.lambdas.invocations[0]?.event.Details.Parameters).toEqual({
      action: "check",
      queue: "Support",
    });
    // Hold messages alternate and the one playing at the interval is cut off.
    expect(caller.heard.slice(0, 2).map((p) => p.kind)).toEqual(["Text", "PromptId"]);
    const cut = caller.heard.filter((p) => p.result === "interrupted");
    expect(cut).toHaveLength(3);
    expect(host.queuedIn?.queueId).toBe("support");
  });

  it("offers when the check says so; a silent first offer loops, 1 on the second deflects and hangs up", async () => {
    let calls = 0;
    const deflect: InMemoryLambdaHandler = (event) =>
      event.Details.Parameters.action === "accept"
        ? { sent: "true" }
        : { offer: "true", waitMinutes: String(20 - 5 * calls++) };
    const { host, caller } = setUp({
      deflect,
      steps: [
        { silence: true, forAction: "offer" },
        { press: "1", afterSeconds: 2, forAction: "offer" },
      ],
    });
    const result = await runFlow({ flow: queueFlow, host, kind: "customerQueue" });

    expect(result.visited).toEqual([
      ...ROUND,
      "offer",
      "tries",
      ...ROUND,
      "offer",
      "accept",
      "bye",
      "hang-up",
    ]);
    expect(result.end).toEqual({ kind: "disconnected", by: "action" });
    const offers = caller.heard.filter((p) => p.actionId === "offer").map((p) => p.content);
    expect(offers).toEqual([
      "Your wait is about 20 minutes. Press 1 to continue on WhatsApp, or stay on the line.",
      "Your wait is about 15 minutes. Press 1 to continue on WhatsApp, or stay on the line.",
    ]);
    expect(host.disconnected).toBe(true);
  });

  it("ends when the caller hangs up during hold music", async () => {
    const { host } = setUp({ deflect: () => ({ offer: "false" }), hangUpAfterSeconds: 90 });
    const result = await runFlow({ flow: queueFlow, host, kind: "customerQueue" });
    expect(result.visited).toEqual([...ROUND, "tries", "hold-music"]);
    expect(result.end).toEqual({ kind: "hungUp" });
  });

  it("stops at once when the host aborts the run (an agent answered)", async () => {
    const { host, clock, startedAt } = setUp({ deflect: () => ({ offer: "false" }) });
    const answered = new AbortController();
    void clock.sleep(30_000).then(() => answered.abort());
    const result = await runFlow({
      flow: queueFlow,
      host,
      kind: "customerQueue",
      signal: answered.signal,
    });
    expect(result.end).toEqual({ kind: "stopped" });
    expect(result.visited).toEqual(["hold-music"]);
    expect(clock.now() - startedAt).toBe(30_000);
  });
});
