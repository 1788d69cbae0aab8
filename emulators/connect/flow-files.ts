import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { contactFlowTypeOf, flowTypeOptions } from "./flow/flow-types.ts";
import { loadFlow } from "./flow/index.ts";
import {
  findPlaceholders,
  type PlaceholderValues,
  resolvePlaceholders,
} from "./flow-placeholders.ts";
import type { Flow } from "./model/instance.ts";
import type { InstanceRuntime } from "./model/instance-runtime.ts";

export interface FlowFile {
  /** The file name without `.json`; the flow's name, and the key of `${FLOW_ID:<name>}`. */
  readonly name: string;
  readonly content: unknown;
  /** Overrides the type the export's Metadata gives. */
  readonly type?: Flow["type"];
}

/** Reads every `*.json` in a directory (not recursive), in name order. */
export async function readFlowFiles(dir: string): Promise<FlowFile[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".json")).sort();
  return Promise.all(
    names.map(async (file) => {
      const text = await readFile(join(dir, file), "utf8");
      try {
        return { name: basename(file, ".json"), content: JSON.parse(text) as unknown };
      } catch (error) {
        throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
      }
    }),
  );
}

/** A flow's type is in its export Metadata (`"type": "customerQueue"`, `"agentTransfer"`, …). */
function flowType(file: FlowFile): Flow["type"] {
  return file.type ?? contactFlowTypeOf(file.content);
}

const FLOW_TYPE_HINT =
  ' (a flow file gives its type in its export "Metadata": { "type": ... }, such as "customerQueue" or "agentTransfer")';

/**
 * The values placeholders resolve to in an instance: QUEUE_ID/QUEUE_ARN by queue name,
 * FLOW_ID/FLOW_ARN by flow name (the instance's flows and the files about to be added), and
 * LAMBDA_ARN for every function name the files mention, in the instance's region and account.
 */
const MANAGED_VIEWS = ["detail", "form", "cards", "list", "confirmation"] as const;

export function placeholderValues(runtime: InstanceRuntime, files: readonly FlowFile[]) {
  const { instance } = runtime;
  const flows = new Map([...instance.flows.values()].map((flow) => [flow.name, flow.id]));
  for (const file of files) flows.set(file.name, instance.idFor("flow", file.name));
  const lambdas = new Set(
    files.flatMap((file) => findPlaceholders(file.content)).filter((u) => u.kind === "LAMBDA_ARN"),
  );
  const queues = [...instance.queues.values()];
  return {
    QUEUE_ID: Object.fromEntries(queues.map((queue) => [queue.name, queue.id])),
    QUEUE_ARN: Object.fromEntries(queues.map((queue) => [queue.name, queue.arn])),
    FLOW_ID: Object.fromEntries(flows),
    FLOW_ARN: Object.fromEntries(
      [...flows].map(([name, id]) => [name, `${instance.arn}/contact-flow/${id}`]),
    ),
    // AWS-managed agent workspace views (protocols.md §11), versioned inside the ARN.
    VIEW_ARN: Object.fromEntries(
      MANAGED_VIEWS.map((view) => [view, `arn:aws:connect:${instance.region}:aws:view/${view}:1`]),
    ),
    LAMBDA_ARN: Object.fromEntries(
      [...lambdas].map(({ name }) => [
        name,
        `arn:aws:lambda:${instance.region}:${instance.accountId}:function:${name}`,
      ]),
    ),
  } satisfies PlaceholderValues;
}

/**
 * Adds flow files to an instance: placeholders resolved, each flow validated (an error names
 * the file, the action and the field), ids derived from the names. A file named like an
 * existing flow replaces it.
 */
export function addFlowFiles(runtime: InstanceRuntime, files: readonly FlowFile[]): Flow[] {
  const values = placeholderValues(runtime, files);
  const prepared = files.map((file) => {
    const type = flowType(file);
    try {
      const content = resolvePlaceholders(file.content, values);
      loadFlow(content, flowTypeOptions(type));
      return { name: file.name, type, content };
    } catch (error) {
      const message = (error as Error).message;
      const hint = /not allowed in inbound flows \(contactFlow\)/.test(message)
        ? FLOW_TYPE_HINT
        : "";
      throw new Error(`Flow ${file.name}: ${message}${hint}`, { cause: error });
    }
  });
  return prepared.map((flow) => runtime.instance.addFlow(flow));
}
