import { describe, expect, it } from "vitest";
import { autoAdvancingClock } from "./flow-clock.ts";
import { InMemoryFlowHost } from "./in-memory-host.ts";
import {
  type InMemoryLambdaHandler,
  type LambdaFault,
  RawLambdaPayload,
} from "./in-memory-lambdas.ts";
import { runFlow } from "./run-flow.ts";
import { ScriptedCaller } from "./scripted-caller.ts";
import { loadFlow } from "./validate-flow.ts";

const FN = "arn:aws:lambda:eu-west-2:111122223333:function:probe";

/** invoke → say "$.External…" → hang-up, with an error branch to "failed". */
function lambdaFlow(options: {
  timeLimit?: string;
  responseType?: string;
  say?: string;
  before?: unknown[];
}) {
  return loadFlow({
    Version: "2019-10-30",
    StartAction: options.before ? "first" : "invoke",
    Actions: [
      ...(options.before ?? []),
      {
        Identifier: "invoke",
        Type: "InvokeLambdaFunction",
        Parameters: {
          LambdaFunctionARN: FN,
          InvocationTimeLimitSeconds: options.timeLimit ?? "8",
          LambdaInvocationAttributes: {
            caller: "$.CustomerEndpoint.Address",
            note: "id $.ContactId",
          },
          ResponseValidation: { ResponseType: options.responseType ?? "STRING_MAP" },
        },
        Transitions: {
          NextAction: "say",
          Errors: [{ ErrorType: "NoMatchingError", NextAction: "failed" }],
        },
      },
      {
        Identifier: "say",
        Type: "MessageParticipant",
        Parameters: { Text: options.say ?? "ok $.External.value" },
        Transitions: { NextAction: "hang-up" },
      },
      {
        Identifier: "failed",
        Type: "MessageParticipant",
        Parameters: { Text: "sorry" },
        Transitions: { NextAction: "hang-up" },
      },
      { Identifier: "hang-up", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
    ],
  });
}

async function run(
  flow: ReturnType<typeof lambdaFlow>,
  handler: InMemoryLambdaHandler,
  faults: LambdaFault[] = [],
) {
  const clock = autoAdvancingClock();
  const caller = new ScriptedCaller(clock);
  const host = new InMemoryFlowHost({
    clock,
    participant: caller,
    customerAddress: "+447700900555",
  });
  host.lambdas.register(FN, handler, faults);
  const startedAt = clock.now();
  const result = await runFlow({ flow, host });
  return { result, host, caller, clock, startedAt };
}

describe("InvokeLambdaFunction", () => {
  it("builds the Connect event and exposes a STRING_MAP result as $.External", async () => {
    const { result, host, caller } = await run(lambdaFlow({}), () => ({ value: "fine" }));
    expect(result.visited).toEqual(["invoke", "say", "hang-up"]);
    expect(caller.heard[0]?.content).toBe("ok fine");
    const event = host.lambdas.invocations[0]?.event;
    const contact = host.contactData();
    expect(event?.Name).toBe("ContactFlowEvent");
    expect(event?.Details.Parameters).toEqual({
      caller: "+447700900555",
      note: `id ${contact.contactId}`,
    });
    expect(event?.Details.ContactData).toMatchObject({
      Channel: "VOICE",
      ContactId: contact.contactId,
      InitialContactId: contact.contactId,
      InstanceARN: contact.instanceArn,
      CustomerEndpoint: { Address: "+447700900555", Type: "TELEPHONE_NUMBER" },
      Queue: null,
      MediaStreams: { Customer: { Audio: null } },
    });
  });

  it("takes the error branch on a nested STRING_MAP value", async () => {
    const { result } = await run(lambdaFlow({}), () => ({ value: { nested: "no" } }));
    expect(result.visited).toEqual(["invoke", "failed", "hang-up"]);
    expect(result.lambdaCalls[0]?.error).toBe(
      'STRING_MAP value of "value" is an object, not a string',
    );
  });

  it("takes the error branch on a number in a STRING_MAP", async () => {
    const { result } = await run(lambdaFlow({}), () => ({ value: 3 }));
    expect(result.visited).toEqual(["invoke", "failed", "hang-up"]);
  });

  it("accepts nested values in JSON mode and resolves nested paths", async () => {
    const flow = lambdaFlow({ responseType: "JSON", say: "Hi $.External.Name.First" });
    const { caller } = await run(flow, () => ({ Name: { First: "Ada" } }));
    expect(caller.heard[0]?.content).toBe("Hi Ada");
  });

  it("takes the error branch when the response reaches 32 KB, and accepts one byte less", async () => {
    const sized = (bytes: number) => () => ({ value: "x".repeat(bytes - '{"value":""}'.length) });
    const tooBig = await run(lambdaFlow({}), sized(32 * 1024));
    expect(tooBig.result.visited).toEqual(["invoke", "failed", "hang-up"]);
    expect(tooBig.result.lambdaCalls[0]?.error).toMatch(/32768 bytes; it must be under 32 KB/);
    const fits = await run(lambdaFlow({}), sized(32 * 1024 - 1));
    expect(fits.result.visited).toEqual(["invoke", "say", "hang-up"]);
  });

  it("takes the error branch on an unparseable response", async () => {
    const { result } = await run(lambdaFlow({}), () => new RawLambdaPayload("{not json"));
    expect(result.lambdaCalls[0]?.error).toBe("response is not valid JSON");
  });

  it("gives up on a slow function at InvocationTimeLimitSeconds of virtual time", async () => {
    const slow: InMemoryLambdaHandler = async (_event, { clock, signal }) => {
      await clock.sleep(20_000, signal);
      return { value: "late" };
    };
    const wallStart = Date.now();
    const { result, host, startedAt, caller } = await run(lambdaFlow({}), slow);
    expect(result.visited).toEqual(["invoke", "failed", "hang-up"]);
    expect(result.lambdaCalls[0]?.error).toBe("timed out after 8 s");
    expect(caller.heard[0]?.atMs).toBe(startedAt + 8000);
    expect(host.lambdas.invocations[0]?.result).toBe("aborted");
    expect(Date.now() - wallStart).toBeLessThan(1000);
  });

  it("honours a shorter limit and accepts an answer just inside it", async () => {
    const answerAfter =
      (ms: number): InMemoryLambdaHandler =>
      async (_event, { clock, signal }) => {
        await clock.sleep(ms, signal);
        return { value: "in time" };
      };
    expect((await run(lambdaFlow({ timeLimit: "3" }), answerAfter(3001))).result.visited[1]).toBe(
      "failed",
    );
    expect((await run(lambdaFlow({ timeLimit: "3" }), answerAfter(2999))).result.visited[1]).toBe(
      "say",
    );
  });

  it("retries throttling and 500s up to 3 times inside the budget", async () => {
    const ok = () => ({ value: "after retries" });
    const recovered = await run(lambdaFlow({}), ok, ["throttle", "serviceError", "throttle"]);
    expect(recovered.result.visited[1]).toBe("say");
    expect(recovered.result.lambdaCalls[0]?.attempts).toBe(4);

    const exhausted = await run(lambdaFlow({}), ok, [
      "throttle",
      "throttle",
      "throttle",
      "throttle",
    ]);
    expect(exhausted.result.visited[1]).toBe("failed");
    expect(exhausted.result.lambdaCalls[0]).toMatchObject({ attempts: 4, error: "throttled" });
  });

  it("does not retry a function error", async () => {
    const { host } = await run(lambdaFlow({}), () => {
      throw new Error("bad input");
    });
    expect(host.lambdas.invocations).toHaveLength(1);
  });

  it("takes the error branch for an unknown function", async () => {
    const clock = autoAdvancingClock();
    const host = new InMemoryFlowHost({ clock, participant: new ScriptedCaller(clock) });
    const result = await runFlow({ flow: lambdaFlow({}), host });
    expect(result.lambdaCalls[0]?.error).toBe("function not found");
  });

  it("replaces $.External with the next invocation's result", async () => {
    let call = 0;
    const flow = lambdaFlow({
      say: "[$.External.first][$.External.value]",
      before: [
        {
          Identifier: "first",
          Type: "InvokeLambdaFunction",
          Parameters: { LambdaFunctionARN: FN, InvocationTimeLimitSeconds: "2" },
          Transitions: { NextAction: "invoke" },
        },
      ],
    });
    const { caller } = await run(flow, () => (++call === 1 ? { first: "one" } : { value: "two" }));
    expect(caller.heard[0]?.content).toBe("[][two]");
  });

  it("adds MediaStreams to the event once media streaming has started", async () => {
    const flow = lambdaFlow({
      before: [
        {
          Identifier: "first",
          Type: "UpdateContactMediaStreamingBehavior",
          Parameters: {
            MediaStreamingState: "Enabled",
            MediaStreamType: "Audio",
            Participants: [{ ParticipantType: "Customer", MediaDirections: ["From", "To"] }],
          },
          Transitions: { NextAction: "invoke" },
        },
      ],
    });
    const { host } = await run(flow, () => ({ value: "x" }));
    const audio =
      host.lambdas.invocations[0]?.event.Details.ContactData.MediaStreams.Customer.Audio;
    expect(audio?.StreamARN).toMatch(/^arn:aws:kinesisvideo:eu-west-2:/);
    expect(audio?.StartTimestamp).toMatch(/^\d{13}$/);
    expect(audio?.StartFragmentNumber).toMatch(/^\d+$/);
  });
});
