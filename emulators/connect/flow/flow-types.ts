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
  "campaign",
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
  campaign: "campaign flows",
  flowModule: "flow modules",
};

/**
 * CreateContactFlow's `Type` for each flow type (the SDK's ContactFlowType); a module has none.
 * A campaign flow's export spelling is not confirmed (ACTION-REFERENCE.md, "Flow types").
 */
export const CONTACT_FLOW_TYPES = {
  contactFlow: "CONTACT_FLOW",
  customerQueue: "CUSTOMER_QUEUE",
  customerHold: "CUSTOMER_HOLD",
  customerWhisper: "CUSTOMER_WHISPER",
  outboundWhisper: "OUTBOUND_WHISPER",
  agentHold: "AGENT_HOLD",
  agentWhisper: "AGENT_WHISPER",
  agentTransfer: "AGENT_TRANSFER",
  queueTransfer: "QUEUE_TRANSFER",
  campaign: "CAMPAIGN",
} as const satisfies Readonly<Record<Exclude<FlowType, "flowModule">, string>>;
export type ContactFlowType = (typeof CONTACT_FLOW_TYPES)[keyof typeof CONTACT_FLOW_TYPES];

const API_TYPES: Readonly<Record<string, FlowType>> = Object.fromEntries(
  Object.entries(CONTACT_FLOW_TYPES).map(([type, apiType]) => [apiType, type as FlowType]),
);

function isFlowType(value: unknown): value is FlowType {
  return typeof value === "string" && (FLOW_TYPES as readonly string[]).includes(value);
}

/** A flow type from its export name (`agentWhisper`) or API name (`AGENT_WHISPER`). */
export function flowTypeNamed(name: string): FlowType | undefined {
  return isFlowType(name) ? name : API_TYPES[name];
}

/** What a document says about itself: a module's `Settings`, else `Metadata.type`. */
export function declaredType(input: unknown): FlowType | undefined {
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

/**
 * The CreateContactFlow type a flow document declares in its export `Metadata.type`, for a
 * flow added without one (a flow file, a seeded flow); an inbound flow when it says nothing.
 */
export function contactFlowTypeOf(input: unknown): ContactFlowType {
  const declared = declaredType(input);
  return declared && declared !== "flowModule" ? CONTACT_FLOW_TYPES[declared] : "CONTACT_FLOW";
}

/**
 * How a flow of a CreateContactFlow type is loaded and run: checked against that type, run as
 * a customer queue flow or as a contact flow (hold, whisper and transfer flows run like one).
 */
export function flowTypeOptions(type: ContactFlowType): {
  readonly kind: FlowKind;
  readonly flowType: ContactFlowType;
} {
  return { kind: type === "CUSTOMER_QUEUE" ? "customerQueue" : "contact", flowType: type };
}

/** "customer queue flows, customer hold flows and agent hold flows". */
export function describeFlowTypes(types: readonly FlowType[]): string {
  const names = types.map((type) => FLOW_TYPE_NAMES[type]);
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}
