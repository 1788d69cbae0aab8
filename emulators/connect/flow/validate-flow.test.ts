import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FlowValidationError, loadFlow, validateFlow } from "./validate-flow.ts";

const example = JSON.parse(
  readFileSync(new URL("./fixtures/deflection-example.json", import.meta.url), "utf8"),
) as {
  StartAction: string;
  Actions: {
    Identifier: string;
    Parameters: Record<string, unknown>;
    Transitions: Record<string, unknown>;
  }[];
};

/** The example flow with one action changed. */
function exampleWith(id: string, change: (action: (typeof example.Actions)[number]) => void) {
  const copy = structuredClone(example);
  const action = copy.Actions.find((a) => a.Identifier === id);
  if (!action) throw new Error(`no action ${id}`);
  change(action);
  return copy;
}

function problemsOf(input: unknown, kind?: "contact" | "customerQueue"): readonly string[] {
  const result = validateFlow(input, kind ? { kind } : {});
  return result.ok ? [] : result.problems;
}

function single(actions: unknown[], start = "a") {
  return { Version: "2019-10-30", StartAction: start, Actions: actions };
}

describe("flow validation on load", () => {
  it("accepts the protocols.md example", () => {
    expect(problemsOf(example)).toEqual([]);
  });

  it("names the action and field of a non-integer InputTimeLimitSeconds", () => {
    const flow = exampleWith("offer", (a) => {
      a.Parameters.InputTimeLimitSeconds = "abc";
    });
    expect(problemsOf(flow)).toEqual([
      'action "offer" (GetParticipantInput): Parameters.InputTimeLimitSeconds must be a positive integer string, got "abc"',
    ]);
    expect(() => loadFlow(flow)).toThrow(FlowValidationError);
  });

  it("requires a Lambda function ARN for a static LambdaFunctionARN", () => {
    const flow = exampleWith("send", (a) => {
      a.Parameters.LambdaFunctionARN = "deflect-send";
    });
    expect(problemsOf(flow)).toEqual([
      'action "send" (InvokeLambdaFunction): Parameters.LambdaFunctionARN must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>), got "deflect-send"',
    ]);
  });

  it("lists every problem at once", () => {
    const flow = exampleWith("eligibility", (a) => {
      a.Parameters.InvocationTimeLimitSeconds = "9";
      a.Parameters.ResponseValidation = { ResponseType: "XML" };
    });
    expect(problemsOf(flow)).toEqual([
      'action "eligibility" (InvokeLambdaFunction): Parameters.InvocationTimeLimitSeconds must be an integer string from 1 to 8, got "9"',
      'action "eligibility" (InvokeLambdaFunction): Parameters.ResponseValidation.ResponseType must be "STRING_MAP" or "JSON", got "XML"',
    ]);
  });

  it("rejects a dangling NextAction and a missing StartAction", () => {
    const flow = exampleWith("bye", (a) => {
      a.Transitions.NextAction = "good-bye";
    });
    flow.StartAction = "begin";
    expect(problemsOf(flow)).toEqual([
      'StartAction "begin" is not an action in this flow',
      'action "bye" (MessageParticipant): Transitions.NextAction points to "good-bye", which is not an action in this flow',
    ]);
  });

  it("rejects a wrong version and an envelope that is not a flow", () => {
    expect(problemsOf({ ...example, Version: "2020-01-01" })).toEqual([
      'Version must be "2019-10-30", got "2020-01-01"',
    ]);
    expect(problemsOf({ Version: "2019-10-30", Actions: [] })).toEqual([
      "StartAction is invalid input: expected string, received undefined",
    ]);
  });

  it("names the action for an unknown operator or error type", () => {
    const flow = exampleWith("is-eligible", (a) => {
      const [first] = a.Transitions.Conditions as { Condition: { Operator: string } }[];
      if (first) first.Condition.Operator = "Bigger";
    });
    expect(problemsOf(flow)).toEqual([
      `action "is-eligible" (Compare): Transitions.Conditions[0].Condition.Operator is invalid option: expected one of "Equals"|"TextStartsWith"|"TextEndsWith"|"TextContains"|"NumberGreaterThan"|"NumberGreaterOrEqualTo"|"NumberLessThan"|"NumberLessOrEqualTo", got "Bigger"`,
    ]);
  });

  it("rejects more than 250 actions", () => {
    const actions = Array.from({ length: 251 }, (_, i) => ({
      Identifier: `a${i}`,
      Type: "UpdateFlowLoggingBehavior",
      Parameters: { FlowLoggingBehavior: "Enabled" },
      Transitions: {},
    }));
    expect(problemsOf(single(actions, "a0"))).toEqual([
      "Actions must hold 1 to 250 actions, got 251",
    ]);
  });

  it("checks Identifier length, characters, prototype names and uniqueness", () => {
    const log = (id: string) => ({
      Identifier: id,
      Type: "UpdateFlowLoggingBehavior",
      Parameters: { FlowLoggingBehavior: "Enabled" },
    });
    const problems = problemsOf(
      single([log("a"), log("a"), log("x".repeat(51)), log("q(1)"), log("constructor")]),
    );
    expect(problems).toEqual([
      'Actions[1].Identifier "a" is used by more than one action',
      `Actions[2].Identifier "${"x".repeat(51)}" must be 1 to 50 characters`,
      'Actions[3].Identifier "q(1)" must not contain any of % : ( \\ / ) = $ , ; [ ] { }',
      'Actions[4].Identifier "constructor" must not be a JavaScript prototype name',
    ]);
  });

  it("requires exactly one prompt source", () => {
    const both = exampleWith("bye", (a) => {
      a.Parameters.Text = "bye";
    });
    expect(problemsOf(both)).toEqual([
      'action "bye" (MessageParticipant): Parameters must have exactly one of Text, SSML, PromptId, Media, got Text, SSML',
    ]);
  });

  it("limits GetParticipantInput conditions to Equals on one DTMF character", () => {
    const flow = exampleWith("offer", (a) => {
      const conditions = a.Transitions.Conditions as {
        Condition: { Operator: string; Operands: string[] };
      }[];
      (conditions[0] as { Condition: { Operator: string } }).Condition.Operator = "TextContains";
      (conditions[1] as { Condition: { Operands: string[] } }).Condition.Operands = ["22"];
    });
    expect(problemsOf(flow)).toEqual([
      'action "offer" (GetParticipantInput): Transitions.Conditions[0].Condition.Operator must be Equals, got "TextContains"',
      'action "offer" (GetParticipantInput): Transitions.Conditions[1].Condition.Operands must be one operand of a single DTMF character (0-9, *, #), got ["22"]',
    ]);
  });

  it("requires InputValidation with StoreInput True, and no conditions then", () => {
    const flow = exampleWith("offer", (a) => {
      a.Parameters.StoreInput = "True";
    });
    const problems = problemsOf(flow);
    expect(problems).toContain(
      'action "offer" (GetParticipantInput): Parameters.InputValidation is required when StoreInput is "True", got nothing',
    );
    expect(problems).toContain(
      'action "offer" (GetParticipantInput): Transitions.Conditions not allowed: StoreInput "True" stores the input in $.StoredCustomerInput instead',
    );
    expect(problems).toContain(
      'action "offer" (GetParticipantInput): Transitions.Errors[1].ErrorType "NoMatchingCondition" is not allowed here: there are no conditions when StoreInput is "True"',
    );
  });

  it("requires NoMatchingError on GetParticipantInput and a known phone NumberFormat", () => {
    const flow = exampleWith("offer", (a) => {
      a.Parameters.StoreInput = "True";
      a.Parameters.InputValidation = { PhoneNumberValidation: { NumberFormat: "International" } };
      a.Transitions = { NextAction: "remember" };
    });
    expect(problemsOf(flow)).toEqual([
      'action "offer" (GetParticipantInput): Parameters.InputValidation.PhoneNumberValidation.NumberFormat must be "Local" or "E164", got "International"',
      'action "offer" (GetParticipantInput): Transitions.Errors must include a NoMatchingError transition',
    ]);
  });

  it("requires Loop to have exactly ContinueLooping and DoneLooping, with a count of 0 to 100", () => {
    const loop = (count: string, operands: string[]) =>
      single([
        {
          Identifier: "a",
          Type: "Loop",
          Parameters: { LoopCount: count },
          Transitions: {
            Conditions: operands.map((operand) => ({
              NextAction: "a",
              Condition: { Operator: "Equals", Operands: [operand] },
            })),
          },
        },
      ]);
    expect(problemsOf(loop("3", ["ContinueLooping", "DoneLooping"]))).toEqual([]);
    expect(problemsOf(loop("$.Attributes.tries", ["ContinueLooping", "DoneLooping"]))).toEqual([]);
    expect(problemsOf(loop("101", ["ContinueLooping"]))).toEqual([
      'action "a" (Loop): Parameters.LoopCount must be an integer string from 0 to 100 or one $. reference, got "101"',
      'action "a" (Loop): Transitions.Conditions must have exactly two conditions: Equals ContinueLooping and Equals DoneLooping',
    ]);
  });

  it("requires a condition for WaitCompleted and every listed Wait event", () => {
    const flow = single([
      {
        Identifier: "a",
        Type: "Wait",
        Parameters: { TimeoutSeconds: "700000", Events: ["CustomerReturned"] },
        Transitions: {
          Conditions: [
            { NextAction: "a", Condition: { Operator: "Equals", Operands: ["WaitCompleted"] } },
          ],
        },
      },
    ]);
    expect(problemsOf(flow)).toEqual([
      'action "a" (Wait): Parameters.TimeoutSeconds must be an integer string from 1 to 604800 or one $. reference, got "700000"',
      'action "a" (Wait): Transitions.Conditions must have an Equals "CustomerReturned" condition',
    ]);
  });

  it("allows only NumberGreaterThan 0 on agent-count metrics", () => {
    const check = (metric: string, operator: string, operand: string) =>
      problemsOf(
        single([
          {
            Identifier: "a",
            Type: "CheckMetricData",
            Parameters: { MetricType: metric },
            Transitions: {
              Conditions: [
                { NextAction: "a", Condition: { Operator: operator, Operands: [operand] } },
              ],
            },
          },
        ]),
      );
    expect(check("NumberOfAgentsAvailable", "NumberGreaterThan", "0")).toEqual([]);
    expect(check("NumberOfAgentsAvailable", "NumberGreaterThan", "2")).toEqual([
      'action "a" (CheckMetricData): Transitions.Conditions[0].Condition.Operands must be one operand "0" (agent counts only support NumberGreaterThan 0), got ["2"]',
    ]);
    expect(check("NumberOfContactsInQueue", "NumberLessThan", "10")).toEqual([]);
    expect(check("NumberOfContactsInQueue", "TextContains", "1")).toHaveLength(1);
  });

  it("rejects error types an action cannot raise, and transitions on terminal actions", () => {
    const flow = exampleWith("send", (a) => {
      (a.Transitions.Errors as { ErrorType: string }[]).push({
        ErrorType: "QueueAtCapacity",
        NextAction: "enqueue",
      } as never);
    });
    const hangUp = flow.Actions.find((a) => a.Identifier === "hang-up");
    if (hangUp) hangUp.Transitions = { NextAction: "enqueue" };
    expect(problemsOf(flow)).toEqual([
      'action "send" (InvokeLambdaFunction): Transitions.Errors[1].ErrorType "QueueAtCapacity" is not raised by this action type (allowed: NoMatchingError)',
      'action "hang-up" (DisconnectParticipant): Transitions must be {} on a terminal action',
    ]);
  });

  it("names an error type only another action raises as not raised by this one, not as invalid", () => {
    const flow = exampleWith("send", (a) => {
      (a.Transitions.Errors as { ErrorType: string }[]).push({
        ErrorType: "InvalidCallbackNumber",
        NextAction: "enqueue",
      } as never);
    });
    expect(problemsOf(flow)).toEqual([
      'action "send" (InvokeLambdaFunction): Transitions.Errors[1].ErrorType "InvalidCallbackNumber" is not raised by this action type (allowed: NoMatchingError)',
    ]);
  });

  it("requires identifier-like parameters to be static or one reference", () => {
    const flow = exampleWith("pick-queue", (a) => {
      a.Parameters.QueueId = "queue-$.Attributes.tier";
    });
    expect(problemsOf(flow)).toEqual([
      'action "pick-queue" (UpdateContactTargetQueue): Parameters.QueueId must be static or exactly one $. reference, got "queue-$.Attributes.tier"',
    ]);
  });

  it("rejects unknown action types and queue-flow-only actions in a contact flow", () => {
    const flow = single([
      { Identifier: "a", Type: "PlayMusic", Parameters: {} },
      {
        Identifier: "b",
        Type: "DequeueContactAndTransferToQueue",
        Parameters: { QueueId: "q" },
        Transitions: {},
      },
    ]);
    const problems = problemsOf(flow, "contact");
    expect(problems[0]).toMatch(/^action "a" \(PlayMusic\): Type is not a supported action type/);
    expect(problems[1]).toBe(
      'action "b" (DequeueContactAndTransferToQueue): Type is not allowed in inbound flows (contactFlow); it is only allowed in customer queue flows',
    );
    expect(
      problemsOf(single([{ Identifier: "a", Type: "EndFlowExecution" }]), "customerQueue"),
    ).toEqual([]);
    expect(problemsOf(example, "customerQueue")).toEqual([
      'action "pick-queue" (UpdateContactTargetQueue): Type is not allowed in customer queue flows (customerQueue); it is only allowed in inbound flows, flow modules, transfer to agent flows and transfer to queue flows',
      'action "enqueue" (TransferContactToQueue): Type is not allowed in customer queue flows (customerQueue); it is only allowed in inbound flows, flow modules, transfer to agent flows and transfer to queue flows',
    ]);
  });

  it("rejects STRING_MAP input attributes that are not strings and bad attribute keys", () => {
    const flow = exampleWith("remember", (a) => {
      a.Parameters.Attributes = { "deflect channel": "whatsapp", count: 3 };
    });
    expect(problemsOf(flow)).toEqual([
      'action "remember" (UpdateContactAttributes): Parameters.Attributes.count must be a string, got 3',
      'action "remember" (UpdateContactAttributes): Parameters.Attributes key "deflect channel" must match [A-Za-z0-9_-]+ or hold $. references',
    ]);
  });
});
