import { describe, expect, it } from "vitest";
import { autoAdvancingClock } from "./flow-clock.ts";
import { InMemoryFlowHost } from "./in-memory-host.ts";
import { runFlow } from "./run-flow.ts";
import { ScriptedCaller } from "./scripted-caller.ts";
import { hangUp, say } from "./test-support/flow-steps.ts";
import { loadFlow, validateFlow } from "./validate-flow.ts";

const transferFlow = (carryOn: "True" | "False") => ({
  Version: "2019-10-30",
  StartAction: "transfer",
  Actions: [
    {
      Identifier: "transfer",
      Type: "TransferParticipantToThirdParty",
      Parameters: {
        ThirdPartyPhoneNumber: "$.Attributes.number",
        ThirdPartyConnectionTimeLimitSeconds: "30",
        ContinueFlowExecution: carryOn,
        ThirdPartyDTMFDigits: "123#",
        CallerId: { Number: "$.SystemEndpoint.Address" },
      },
      Transitions: {
        NextAction: "back",
        Errors: [
          ...(carryOn === "True"
            ? [
                { ErrorType: "ConnectionTimeLimitExceeded", NextAction: "no-answer" },
                { ErrorType: "CallFailed", NextAction: "call-failed" },
              ]
            : []),
          { ErrorType: "NoMatchingError", NextAction: "error" },
        ],
      },
    },
    say("back"),
    say("no-answer"),
    say("call-failed"),
    say("error"),
    hangUp,
  ],
});

async function call(carryOn: "True" | "False", number: string) {
  const clock = autoAdvancingClock();
  const caller = new ScriptedCaller(clock);
  const host = new InMemoryFlowHost({
    clock,
    participant: caller,
    systemAddress: "+15005550006",
    attributes: { number },
    thirdParties: { "+447700900001": "answers", "+447700900002": "noAnswer" },
  });
  const result = await runFlow({ flow: loadFlow(transferFlow(carryOn)), host });
  return { result, heard: caller.heard.map((h) => h.content), dialled: host.dialled };
}

describe("transfer to a phone number", () => {
  it("carries on after the third party's leg, or takes the call's own error branches", async () => {
    const answered = await call("True", "+447700900001");
    expect(answered.heard).toEqual(["back"]);
    expect(answered.dialled).toEqual([
      {
        phoneNumber: "+447700900001",
        timeLimitSeconds: 30,
        waitForEnd: true,
        dtmfDigits: "123#",
        callerIdNumber: "+15005550006",
      },
    ]);
    expect((await call("True", "+447700900002")).heard).toEqual(["no-answer"]);
    expect((await call("True", "+447700900003")).heard).toEqual(["call-failed"]);
    expect((await call("True", "not a number")).heard).toEqual(["call-failed"]);
  });

  it("ends the flow once a transfer connects when the flow does not carry on", async () => {
    const connected = await call("False", "+447700900001");
    expect(connected.result.end).toEqual({
      kind: "transferredToPhoneNumber",
      phoneNumber: "+447700900001",
    });
    expect(connected.heard).toEqual([]);
    expect((await call("False", "+447700900003")).heard).toEqual(["error"]);
  });

  it("refuses the call errors when the flow does not carry on, and takes either time-limit name", () => {
    const flow = transferFlow("False");
    const transfer = flow.Actions[0] as { Transitions: { Errors: object[] } };
    transfer.Transitions.Errors.unshift({ ErrorType: "CallFailed", NextAction: "call-failed" });
    expect(validateFlow(flow)).toMatchObject({
      problems: [
        'action "transfer" (TransferParticipantToThirdParty): Transitions.Errors[0].ErrorType "CallFailed" is not allowed here: the flow ends once the transfer connects (ContinueFlowExecution False)',
      ],
    });
    const renamed = transferFlow("True");
    const parameters = (renamed.Actions[0] as { Parameters: Record<string, unknown> }).Parameters;
    parameters.ThirdPartyConnectionTimeoutSeconds = parameters.ThirdPartyConnectionTimeLimitSeconds;
    delete parameters.ThirdPartyConnectionTimeLimitSeconds;
    expect(validateFlow(renamed).ok).toBe(true);
  });
});
