import { Fn, Stack } from "aws-cdk-lib";
import { CfnContactFlow, CfnIntegrationAssociation } from "aws-cdk-lib/aws-connect";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";
import type { FlowDefinition } from "../flows/all-flows.ts";

export interface ContactFlowsProps {
  readonly connectInstanceArn: string;
  readonly flows: readonly FlowDefinition[];
  /** The functions the flows invoke, by the name in `${LAMBDA_ARN:<name>}`. */
  readonly functions: Readonly<Record<string, IFunction>>;
  /** Queue ARNs by the name in `${QUEUE_ID:<name>}`. */
  readonly queueArns: Readonly<Record<string, string>>;
  /** Prefixed to each flow's name in the instance, so installations can sit side by side. */
  readonly namePrefix?: string;
}

const PLACEHOLDER = /\$\{(LAMBDA_ARN|QUEUE_ID|FLOW_ID|VIEW_ARN):([^}]+)\}/g;
// AWS-managed agent workspace views, as `${VIEW_ARN:<name>}` (protocols.md §11).
const MANAGED_VIEWS = new Set(["detail", "form", "cards", "list", "confirmation"]);
const ANY_PLACEHOLDER = /\$\{[A-Z_]+:[^}]+\}/;

/**
 * The product's contact flows in the Connect instance, with every placeholder replaced by
 * the deployed resource. A flow another flow names (the customer queue flow) is created
 * first and referenced by its ARN, so CloudFormation orders them.
 */
export class ContactFlows extends Construct {
  readonly flows = new Map<string, CfnContactFlow>();
  readonly #props: ContactFlowsProps;
  readonly #building = new Set<string>();

  constructor(scope: Construct, id: string, props: ContactFlowsProps) {
    super(scope, id);
    this.#props = props;
    const associations = Object.entries(props.functions).map(
      ([name, fn]) =>
        // A flow may only invoke functions added to the instance (the console's "AWS Lambda").
        new CfnIntegrationAssociation(this, `Lambda-${name}`, {
          instanceId: props.connectInstanceArn,
          integrationType: "LAMBDA_FUNCTION",
          integrationArn: fn.functionArn,
        }),
    );
    for (const definition of props.flows) {
      const flow = this.#flow(definition.name);
      for (const association of associations) flow.addResourceDependency(association);
    }
  }

  /** The flow's id (the last part of its ARN), as StartChatContact's ContactFlowId takes it. */
  flowId(name: string): string {
    const flow = this.flows.get(name);
    if (!flow) throw new Error(`no contact flow named "${name}"`);
    // arn:…:instance/<instance id>/contact-flow/<flow id>
    return Fn.select(3, Fn.split("/", flow.attrContactFlowArn));
  }

  #flow(name: string): CfnContactFlow {
    const built = this.flows.get(name);
    if (built) return built;
    if (this.#building.has(name)) throw new Error(`contact flows refer to each other: ${name}`);
    const definition = this.#props.flows.find((f) => f.name === name);
    if (!definition) throw new Error(`a flow refers to \${FLOW_ID:${name}}, which is not defined`);
    this.#building.add(name);
    const content = this.#resolve(definition);
    const flow = new CfnContactFlow(this, name, {
      instanceArn: this.#props.connectInstanceArn,
      name: `${this.#props.namePrefix ?? "deflect-"}${name}`,
      type: definition.type,
      state: "ACTIVE",
      description: `connect-deflect: ${name}`,
      content: Stack.of(this).toJsonString(content),
    });
    this.#building.delete(name);
    this.flows.set(name, flow);
    return flow;
  }

  /** Replaces each placeholder with a deployed value (a token); unknown names fail the synth. */
  #resolve(definition: FlowDefinition): unknown {
    const { functions, queueArns } = this.#props;
    const text = JSON.stringify(definition.content).replace(
      PLACEHOLDER,
      (_, kind: string, ref: string) => {
        const value =
          kind === "LAMBDA_ARN"
            ? functions[ref]?.functionArn
            : kind === "QUEUE_ID"
              ? queueArns[ref]
              : kind === "VIEW_ARN"
                ? managedViewArn(Stack.of(this).region, ref)
                : this.#flow(ref).attrContactFlowArn;
        if (value === undefined) {
          throw new Error(`flow "${definition.name}": no value for \${${kind}:${ref}}`);
        }
        return value;
      },
    );
    const left = ANY_PLACEHOLDER.exec(text);
    if (left) throw new Error(`flow "${definition.name}": unknown placeholder ${left[0]}`);
    return JSON.parse(text);
  }
}

function managedViewArn(region: string, view: string): string | undefined {
  return MANAGED_VIEWS.has(view) ? `arn:aws:connect:${region}:aws:view/${view}:1` : undefined;
}
