export type { LineEmulatorOptions, LineSentMessage } from "./line-context.ts";
export { type LineEmulator, startLineEmulator } from "./server.ts";
export { signLineBody } from "./signature.ts";
export type { LineCustomerMessage, LineInboundResult } from "./webhook-delivery.ts";
