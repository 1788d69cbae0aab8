import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LambdaFunctions } from "../../lambda/lambda-functions.ts";
import { RealClock } from "../clock.ts";
import { ScriptedCaller } from "../flow/scripted-caller.ts";
import { InstanceRuntime } from "../model/instance-runtime.ts";
import { seededRandom } from "../model/random.ts";
import { flowClockOf } from "./connect-flow-host.ts";
import { interpreterRunner } from "./interpreter-runner.ts";

const example = JSON.parse(
  readFileSync(new URL("../flow/fixtures/deflection-example.json", import.meta.url), "utf8"),
);

describe("interpreter wired to the queue model", () => {
  it("queues a caller who presses 2 in the example flow into the emulator's queue", async () => {
    const clock = new RealClock();
    const runtime = new InstanceRuntime({
      clock,
      random: seededRandom(1),
      events: [],
      seed: {
        instanceId: "11111111-2222-3333-4444-555555555555",
        queues: [{ id: "66666666-7777-8888-9999-000000000000", name: "Support" }],
        flows: [{ id: "f1", name: "inbound", content: example }],
      },
    });
    const lambda = new LambdaFunctions({ region: "eu-west-2", accountId: "111122223333" });
    lambda.register("deflect-eligibility", () => ({ eligible: "true", waitMinutes: "12" }));
    const finished = new Promise<string[]>((resolve) => {
      runtime.flowRunner = interpreterRunner({
        clock,
        lambda,
        participantFor: () =>
          new ScriptedCaller(flowClockOf(clock), {
            steps: [{ press: "2" }],
            promptDurationMs: () => 1,
          }),
        onFinished: (_contact, result) => resolve(result.steps.map((s) => s.actionId)),
      });
    });
    // Make the oldest-contact check pass: one caller already waiting 5 minutes.
    const waiting = runtime.createContact({ channel: "VOICE", initiationMethod: "INBOUND" });
    runtime.model.enqueue(waiting, "Support");
    waiting.enqueueTimestamp = clock.now() - 300_000;
    const contact = runtime.createContact({
      channel: "VOICE",
      initiationMethod: "INBOUND",
      contactFlowId: "f1",
    });
    runtime.runFlow(contact);
    const path = await finished;
    expect(path).toEqual([
      "log-on",
      "pick-queue",
      "wait-check",
      "eligibility",
      "is-eligible",
      "offer",
      "enqueue",
    ]);
    expect(contact.state).toBe("QUEUED");
    expect(
      runtime.model.waitingIn("66666666-7777-8888-9999-000000000000").map((c) => c.id),
    ).toContain(contact.id);
    clock.clearAll();
  });
});
