// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are flow placeholders, not templates
import { describe, expect, it } from "vitest";
import { findPlaceholders, PlaceholderError, resolvePlaceholders } from "./flow-placeholders.ts";

const values = {
  LAMBDA_ARN: { deflect: "arn:aws:lambda:eu-west-2:111122223333:function:deflect" },
  QUEUE_ID: { Support: "q-1" },
  FLOW_ID: { "queue-offer": "f-2" },
};

const flow = {
  StartAction: "a",
  Actions: [
    {
      Identifier: "a",
      Parameters: {
        LambdaFunctionARN: "${LAMBDA_ARN:deflect}",
        LambdaInvocationAttributes: { queue: "${QUEUE_ID:Support}", wait: "$.External.wait" },
      },
    },
    { Identifier: "b", Parameters: { EventHooks: { CustomerQueue: "${FLOW_ID:queue-offer}" } } },
  ],
};

describe("flow placeholders", () => {
  it("replaces each ${KIND:name} from the map and leaves $. references alone", () => {
    const resolved = resolvePlaceholders(flow, values);
    expect(resolved.Actions[0]?.Parameters).toEqual({
      LambdaFunctionARN: "arn:aws:lambda:eu-west-2:111122223333:function:deflect",
      LambdaInvocationAttributes: { queue: "q-1", wait: "$.External.wait" },
    });
    expect(resolved.Actions[1]?.Parameters).toEqual({ EventHooks: { CustomerQueue: "f-2" } });
    expect(flow.Actions[0]?.Parameters.LambdaFunctionARN).toBe("${LAMBDA_ARN:deflect}");
  });

  it("resolves placeholders inside longer text and in keys", () => {
    expect(
      resolvePlaceholders({ "${QUEUE_ID:Support}": "queue ${QUEUE_ID:Support} now" }, values),
    ).toEqual({ "q-1": "queue q-1 now" });
  });

  it("lists every placeholder with its JSON path", () => {
    expect(findPlaceholders(flow)).toEqual([
      { kind: "LAMBDA_ARN", name: "deflect", path: "Actions[0].Parameters.LambdaFunctionARN" },
      {
        kind: "QUEUE_ID",
        name: "Support",
        path: "Actions[0].Parameters.LambdaInvocationAttributes.queue",
      },
      {
        kind: "FLOW_ID",
        name: "queue-offer",
        path: "Actions[1].Parameters.EventHooks.CustomerQueue",
      },
    ]);
  });

  it("refuses a document with an unknown placeholder and names it and where it is", () => {
    const bad = { Actions: [{ Parameters: { QueueId: "${QUEUE_ID:Billing}" } }] };
    expect(() => resolvePlaceholders(bad, values)).toThrow(PlaceholderError);
    expect(() => resolvePlaceholders(bad, values)).toThrow(
      "Unresolved placeholders: ${QUEUE_ID:Billing} at Actions[0].Parameters.QueueId",
    );
  });
});
