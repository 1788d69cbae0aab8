import type { FlowKind } from "./flow-document.ts";

/**
 * The flow types an action may be restricted to, by the names exports write in
 * `Metadata.type` (ACTION-REFERENCE.md, "Flow types"), plus flow modules, which Connect
 * creates apart (CreateContactFlowModule) and exports with a top-level `Settings`.
 */
export const FLOW_TYPES = [
  "contactFlow",
  "customerQueue",
  "customerHold",
  "customerWhisper",
  "outboundWhisper",
  "agentHold",
  "agentWhisper",
  "agentTransfer",
  "queueTransfer",
  "flowModule",
] as const;
export type FlowType = (typeof FLOW_TYPES)[number];

/** The console's names of each type, in the plural, for messages. */
export const FLOW_TYPE_NAMES: Readonly<Record<FlowType, string>> = {
  contactFlow: "inbound flows",
  customerQueue: "customer queue flows",
  customerHold: "customer hold flows",
  customerWhisper: "customer whisper flows",
  outboundWhisper: "outbound whisper flows",
  agentHold: "agent hold flows",
  agentWhisper: "agent whisper flows",
  agentTransfer: "transfer to agent flows",
  queueTransfer: "transfer to queue flows",
  flowModule: "flow modules",
};

/** CreateContactFlow's `Type` for each flow type (a module has none). */
const API_TYPES: Readonly<Record<string, FlowType>> = {
  CONTACT_FLOW: "contactFlow",
  CUSTOMER_QUEUE: "customerQueue",
  CUSTOMER_HOLD: "customerHold",
  CUSTOMER_WHISPER: "customerWhisper",
  OUTBOUND_WHISPER: "outboundWhisper",
  AGENT_HOLD: "agentHold",
  AGENT_WHISPER: "agentWhisper",
  AGENT_TRANSFER: "agentTransfer",
  QUEUE_TRANSFER: "queueTransfer",
};

function isFlowType(value: unknown): value is FlowType {
  return typeof value === "string" && (FLOW_TYPES as readonly string[]).includes(value);
}

/** A flow type from its export name (`agentWhisper`) or API name (`AGENT_WHISPER`). */
export function flowTypeNamed(name: string): FlowType | undefined {
  return isFlowType(name) ? name : API_TYPES[name];
}

/** What a document says about itself: a module's `Settings`, else `Metadata.type`. */
function declaredType(input: unknown): FlowType | undefined {
  if (typeof input !== "object" || input === null) return undefined;
  const document = input as { Settings?: unknown; Metadata?: { type?: unknown } };
  if (typeof document.Settings === "object" && document.Settings !== null) return "flowModule";
  const type = document.Metadata?.type;
  return typeof type === "string" ? flowTypeNamed(type) : undefined;
}

/**
 * The flow type to check a document against when the caller names none, or undefined when
 * nothing says. Kind "customerQueue" is that type; kind "contact" is what the emulator's API
 * and flow files pass for every other type, so the document's own declaration refines it and,
 * without one, the flow is an inbound flow (CreateContactFlow's CONTACT_FLOW).
 */
export function resolveFlowType(input: unknown, kind?: FlowKind): FlowType | undefined {
  if (kind === "customerQueue") return "customerQueue";
  const declared = declaredType(input);
  if (kind === "contact") {
    return declared && declared !== "customerQueue" ? declared : "contactFlow";
  }
  return declared;
}

/** "customer queue flows, customer hold flows and agent hold flows". */
export function describeFlowTypes(types: readonly FlowType[]): string {
  const names = types.map((type) => FLOW_TYPE_NAMES[type]);
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}
