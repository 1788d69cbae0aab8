import { describe, expect, it } from "vitest";
import { loadFlow } from "../emulators/connect/flow/index.ts";
import { allFlows } from "./all-flows.ts";
import { placeholder } from "./flow-builder.ts";

const arn = "arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555";
const ids: Record<string, string> = {
  "LAMBDA_ARN:deflect": "arn:aws:lambda:eu-west-2:111122223333:function:deflect",
  "LAMBDA_ARN:transcribe": "arn:aws:lambda:eu-west-2:111122223333:function:transcribe",
  "QUEUE_ID:Support": `${arn}/queue/66666666-7777-8888-9999-000000000000`,
  "FLOW_ID:queue-offer": `${arn}/contact-flow/99999999-7777-8888-9999-000000000000`,
  "FLOW_ID:agent-context": `${arn}/contact-flow/99999999-7777-8888-9999-000000000001`,
  "VIEW_ARN:detail": "arn:aws:connect:eu-west-2:aws:view/detail:1",
};

function resolved(content: unknown): unknown {
  return JSON.parse(
    JSON.stringify(content).replace(/\$\{([A-Z_]+:[^}]+)\}/g, (_, key: string) => {
      const value = ids[key];
      if (!value) throw new Error(`unresolved placeholder ${key}`);
      return value;
    }),
  );
}

describe("the product's contact flows", () => {
  it.each(allFlows({ queue: "Support" }).map((f) => [f.name, f] as const))(
    "%s is valid exported-flow JSON once its placeholders are filled",
    (_, definition) => {
      const kind = definition.type === "CUSTOMER_QUEUE" ? "customerQueue" : "contact";
      expect(() => loadFlow(resolved(definition.content), { kind })).not.toThrow();
    },
  );

  it("refers to the deflect Lambda, the queue and the queue flow only through placeholders", () => {
    const text = JSON.stringify(allFlows({ queue: "Support" }).map((f) => f.content));
    expect(text).not.toMatch(/arn:aws/);
    const placeholder = (kind: string, name: string) => `\${${kind}:${name}}`;
    expect(new Set(text.match(/\$\{[A-Z_]+:[^}]+\}/g))).toEqual(
      new Set([
        placeholder("LAMBDA_ARN", "deflect"),
        placeholder("LAMBDA_ARN", "transcribe"),
        placeholder("QUEUE_ID", "Support"),
        placeholder("FLOW_ID", "queue-offer"),
        placeholder("FLOW_ID", "agent-context"),
        placeholder("VIEW_ARN", "detail"),
      ]),
    );
  });
});

describe("the voice flow by transcript source", () => {
  const voice = (transcriptSource: "transcribe" | "contact-lens" | "none") =>
    allFlows({ queue: "Support", transcriptSource }).find((f) => f.name === "voice-deflection")
      ?.content;
  const types = (content: unknown) =>
    new Set((content as { Actions: { Type: string }[] }).Actions.map((a) => a.Type));

  it.each(["transcribe", "contact-lens", "none"] as const)(
    "is valid with the %s source",
    (source) => {
      expect(() => loadFlow(resolved(voice(source)), { kind: "contact" })).not.toThrow();
    },
  );

  it("streams the caller's audio to the transcript worker only with the transcribe source", () => {
    expect(types(voice("transcribe"))).toContain("UpdateContactMediaStreamingBehavior");
    expect(JSON.stringify(voice("transcribe"))).toContain(placeholder.lambdaArn("transcribe"));
    for (const source of ["contact-lens", "none"] as const) {
      expect(types(voice(source))).not.toContain("UpdateContactMediaStreamingBehavior");
      expect(JSON.stringify(voice(source))).not.toContain(placeholder.lambdaArn("transcribe"));
    }
    expect(types(voice("contact-lens"))).toContain("UpdateContactRecordingAndAnalyticsBehavior");
    expect(types(voice("none"))).not.toContain("UpdateContactRecordingAndAnalyticsBehavior");
  });
});
