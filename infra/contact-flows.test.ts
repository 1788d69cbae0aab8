import { App, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { Code, Function as LambdaFunction, Runtime } from "aws-cdk-lib/aws-lambda";
import { describe, expect, it } from "vitest";
import { allFlows } from "../flows/all-flows.ts";
import { placeholder } from "../flows/flow-builder.ts";
import { ContactFlows } from "./contact-flows.ts";
import { DeflectStack } from "./deflect-stack.ts";
import {
  EXAMPLE_INSTANCE_ARN,
  EXAMPLE_QUEUE_ID,
  exampleDeploySettings,
} from "./example-deploy-settings.ts";

const app = new App({ context: { "aws:cdk:bundling-stacks": [] } });
const stack = new DeflectStack(app, "Test", { deploy: exampleDeploySettings });
const template = Template.fromStack(stack);
const deflectId = stack.getLogicalId(stack.functions.deflect.node.defaultChild as CfnFunction);
const transcribeId = stack.getLogicalId(
  stack.functions.transcribe?.node.defaultChild as CfnFunction,
);
const flows = template.findResources("AWS::Connect::ContactFlow");

/** Evaluates the Fn::Join/Ref/GetAtt a Content property is made of, naming each reference. */
function evaluate(value: unknown): string {
  if (typeof value === "string") return value;
  const node = value as Record<string, unknown>;
  if ("Fn::Join" in node) {
    const [separator, parts] = node["Fn::Join"] as [string, unknown[]];
    return parts.map(evaluate).join(separator);
  }
  if ("Ref" in node) return `<Ref ${String(node.Ref)}>`;
  if ("Fn::GetAtt" in node) return `<GetAtt ${(node["Fn::GetAtt"] as string[]).join(".")}>`;
  throw new Error(`unexpected intrinsic ${JSON.stringify(value)}`);
}

function flowNamed(name: string): { id: string; type: string; content: string } {
  const entry = Object.entries(flows).find(([, r]) => r.Properties.Name === `deflect-${name}`);
  if (!entry) throw new Error(`no flow deflect-${name}`);
  const [id, resource] = entry;
  return { id, type: resource.Properties.Type, content: evaluate(resource.Properties.Content) };
}

describe("the contact flows in the stack", () => {
  it("creates one flow per product flow, with its type, in the given instance", () => {
    const expected = allFlows({ queue: "Support" }).map((f) => [`deflect-${f.name}`, f.type]);
    const actual = Object.values(flows).map((r) => [r.Properties.Name, r.Properties.Type]);
    expect(actual).toEqual(expect.arrayContaining(expected));
    expect(actual).toHaveLength(expected.length);
    for (const resource of Object.values(flows)) {
      expect(resource.Properties.InstanceArn).toBe(EXAMPLE_INSTANCE_ARN);
    }
  });

  it("leaves no placeholder in any flow's content", () => {
    for (const { name } of allFlows({ queue: "Support" })) {
      expect(flowNamed(name).content).not.toMatch(/\$\{[A-Z_]+:/);
    }
  });

  it("invokes the deployed deflect and transcript functions, queues to the queue ARN, hooks the queue flow", () => {
    const voice = JSON.parse(flowNamed("voice-deflection").content) as {
      Actions: { Type: string; Parameters: Record<string, unknown> }[];
    };
    const params = (type: string) => voice.Actions.filter((a) => a.Type === type);
    const invokes = params("InvokeLambdaFunction").map((a) => a.Parameters.LambdaFunctionARN);
    expect(invokes.length).toBeGreaterThan(0);
    expect(new Set(invokes)).toEqual(
      new Set([`<GetAtt ${deflectId}.Arn>`, `<GetAtt ${transcribeId}.Arn>`]),
    );
    expect(flowNamed("voice-deflection").content).toContain(
      `${EXAMPLE_INSTANCE_ARN}/queue/${EXAMPLE_QUEUE_ID}`,
    );
    const queueFlow = flowNamed("queue-offer");
    expect(queueFlow.type).toBe("CUSTOMER_QUEUE");
    expect(flowNamed("voice-deflection").content).toContain(
      `<GetAtt ${queueFlow.id}.ContactFlowArn>`,
    );
  });

  it("shows the agent-context guide from the deflected chat, with the Region's Detail view", () => {
    const guide = flowNamed("agent-context");
    expect(guide.type).toBe("CONTACT_FLOW");
    // The test stack has no fixed Region, so the view ARN takes the deployed one.
    expect(guide.content).toContain('"arn:aws:connect:<Ref AWS::Region>:aws:view/detail:1"');
    expect(flowNamed("deflected-chat").content).toContain(
      `"DefaultAgentUI":"<GetAtt ${guide.id}.ContactFlowArn>"`,
    );
  });

  it("adds deflect to the instance before any flow names it", () => {
    const [associationId] = Object.keys(
      template.findResources("AWS::Connect::IntegrationAssociation", {
        Properties: {
          InstanceId: EXAMPLE_INSTANCE_ARN,
          IntegrationType: "LAMBDA_FUNCTION",
          IntegrationArn: { "Fn::GetAtt": [deflectId, "Arn"] },
        },
      }),
    );
    expect(associationId).toBeDefined();
    for (const resource of Object.values(flows)) {
      expect(resource.DependsOn).toContain(associationId);
    }
  });
});

describe("placeholder resolution", () => {
  const build = (content: string, queueArns: Record<string, string> = {}) => {
    const scope = new Stack(new App(), "Flows", { env: { region: "eu-west-2" } });
    const fn = new LambdaFunction(scope, "Fn", {
      runtime: Runtime.NODEJS_22_X,
      handler: "index.handler",
      code: Code.fromInline("export const handler = () => ({})"),
    });
    const flow = {
      name: "probe",
      type: "CONTACT_FLOW" as const,
      content: JSON.parse(JSON.stringify({ Version: "2019-10-30", text: content })),
    };
    return () =>
      new ContactFlows(scope, "Flows", {
        connectInstanceArn: EXAMPLE_INSTANCE_ARN,
        flows: [flow],
        functions: { deflect: fn },
        queueArns,
      });
  };

  it("fails the synth naming a queue the settings do not map", () => {
    expect(build(placeholder.queueId("Sales"))).toThrow(/probe.*\$\{QUEUE_ID:Sales\}/);
  });

  it("fails the synth naming a flow that is not defined", () => {
    expect(build(placeholder.flowId("nowhere"))).toThrow(/\$\{FLOW_ID:nowhere\}.*not defined/);
  });

  it("fails the synth naming a function it was not given", () => {
    expect(build(placeholder.lambdaArn("resume"))).toThrow(/\$\{LAMBDA_ARN:resume\}/);
  });

  it("refuses a placeholder kind it does not know", () => {
    expect(build(`\${PROMPT_ID:hello}`)).toThrow(/unknown placeholder \$\{PROMPT_ID:hello\}/);
  });

  it("fills an AWS-managed view with its ARN in the stack's Region, and refuses others", () => {
    const flows = build(placeholder.viewArn("detail"))();
    const resolved = Stack.of(flows).resolve(flows.flows.get("probe")?.content);
    expect(evaluate(resolved)).toContain('"text":"arn:aws:connect:eu-west-2:aws:view/detail:1"');
    expect(build(placeholder.viewArn("my-view"))).toThrow(/\$\{VIEW_ARN:my-view\}/);
  });

  it("fills a mapped queue with its ARN", () => {
    const arn = `${EXAMPLE_INSTANCE_ARN}/queue/${EXAMPLE_QUEUE_ID}`;
    const flows = build(placeholder.queueId("Support"), { Support: arn })();
    const resolved = Stack.of(flows).resolve(flows.flows.get("probe")?.content);
    expect(evaluate(resolved)).toContain(`"text":"${arn}"`);
  });
});
