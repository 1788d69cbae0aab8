import {
  type ConnectClient,
  type ContactFlowSummary,
  DescribeContactFlowCommand,
  paginateListContactFlows,
  paginateListLambdaFunctions,
} from "@aws-sdk/client-connect";
import { allFlows } from "../../flows/all-flows.ts";
import { type Finding, fix, ok, reasonOf, skip } from "./doctor-report.ts";
import type { Installation } from "./doctor-target.ts";

/** What the flows check found, and what the flows' content says is in use. */
export interface FlowsResult {
  readonly findings: readonly Finding[];
  /** Functions the product's flows invoke (InvokeLambdaFunction). */
  readonly functionArns: ReadonlySet<string>;
  /** Queues the flows route to by a fixed id or ARN (UpdateContactTargetQueue). */
  readonly queueIds: ReadonlySet<string>;
}

// Only the names and types matter here; the content options do not change them.
const PRODUCT_FLOWS = allFlows({ queue: "-" }).map(({ name, type }) => ({ name, type }));

/** Each product flow exists, is ACTIVE and published, with the type the product gives it. */
export async function checkFlows(
  connect: ConnectClient,
  target: Installation,
): Promise<FlowsResult> {
  const summaries = new Map<string, ContactFlowSummary>();
  const pages = paginateListContactFlows(
    { client: connect },
    { InstanceId: target.instanceId, ContactFlowTypes: ["CONTACT_FLOW", "CUSTOMER_QUEUE"] },
  );
  for await (const page of pages) {
    for (const flow of page.ContactFlowSummaryList ?? []) summaries.set(flow.Name ?? "", flow);
  }
  const findings: Finding[] = [];
  const contents: unknown[] = [];
  for (const { name, type } of PRODUCT_FLOWS) {
    const fullName = `${target.flowPrefix}${name}`;
    const item = `flow ${fullName}`;
    const flow = summaries.get(fullName);
    if (!flow?.Id) {
      findings.push(
        fix(
          item,
          "not in the instance: deploy the stack (or pass --flow-prefix if its names start otherwise)",
        ),
      );
      continue;
    }
    const saved = flow.ContactFlowStatus === "SAVED";
    // The saved content still tells which functions and queues the flow will use.
    const content = await readContent(
      connect,
      target.instanceId,
      `${flow.Id}${saved ? ":$SAVED" : ""}`,
    );
    if (content !== undefined) contents.push(content);
    if (flow.ContactFlowType !== type) {
      findings.push(
        fix(item, `is a ${flow.ContactFlowType} flow, the product's is ${type}: redeploy`),
      );
    } else if (flow.ContactFlowState === "ARCHIVED") {
      findings.push(fix(item, "archived: restore it in the flow designer, or redeploy"));
    } else if (saved) {
      findings.push(
        fix(item, "saved but not published: publish it in the flow designer, or redeploy"),
      );
    } else {
      findings.push(ok(item, "published"));
    }
  }
  const used = usedBy(contents);
  return { findings, ...used };
}

/** Each function the flows invoke (and the stack names) is added to the instance. */
export async function checkFunctions(
  connect: ConnectClient,
  target: Installation,
  invoked: ReadonlySet<string>,
): Promise<Finding[]> {
  const wanted = new Set([...invoked, ...target.functionArns].map(unqualified));
  if (wanted.size === 0) {
    return [
      skip("lambda", "no product flow could be read, so the functions it invokes are unknown"),
    ];
  }
  const associated = new Set<string>();
  try {
    const pages = paginateListLambdaFunctions(
      { client: connect },
      { InstanceId: target.instanceId },
    );
    for await (const page of pages) {
      for (const arn of page.LambdaFunctions ?? []) associated.add(unqualified(arn));
    }
  } catch (error) {
    return [fix("lambda", `cannot list the instance's functions: ${reasonOf(error)}`)];
  }
  return [...wanted].sort().map((arn) => {
    const item = `lambda ${arn.split(":").at(-1)}`;
    if (associated.has(arn)) return ok(item, "added to the instance");
    return fix(
      item,
      `not added to the instance, so the flows cannot invoke it: add it under the instance's Flows → AWS Lambda, or \`aws connect associate-lambda-function --instance-id ${target.instanceId} --function-arn ${arn}\``,
    );
  });
}

async function readContent(connect: ConnectClient, instanceId: string, flowId: string) {
  try {
    const { ContactFlow } = await connect.send(
      new DescribeContactFlowCommand({ InstanceId: instanceId, ContactFlowId: flowId }),
    );
    return ContactFlow?.Content ? (JSON.parse(ContactFlow.Content) as unknown) : undefined;
  } catch {
    // The summary already says what is wrong with the flow; its content is a bonus.
    return undefined;
  }
}

interface FlowAction {
  readonly Type?: unknown;
  readonly Parameters?: Record<string, unknown>;
}

function usedBy(contents: readonly unknown[]) {
  const functionArns = new Set<string>();
  const queueIds = new Set<string>();
  for (const content of contents) {
    const actions = (content as { Actions?: unknown }).Actions;
    for (const action of Array.isArray(actions) ? (actions as FlowAction[]) : []) {
      const arn = action.Parameters?.LambdaFunctionARN;
      if (action.Type === "InvokeLambdaFunction" && typeof arn === "string") functionArns.add(arn);
      const queue = action.Parameters?.QueueId;
      // `$.Attributes.…` is chosen per contact; only fixed ids and ARNs name a queue here.
      if (
        action.Type === "UpdateContactTargetQueue" &&
        typeof queue === "string" &&
        !queue.startsWith("$.")
      ) {
        queueIds.add(queue.split("/").at(-1) ?? queue);
      }
    }
  }
  return { functionArns, queueIds };
}

/** `…:function:deflect:live` and `…:function:deflect` are the same function to associate. */
function unqualified(arn: string): string {
  return arn.split(":").slice(0, 7).join(":");
}
