export type { MetaEmulatorOptions, MetaSentMessage } from "./meta-context.ts";
export { type MetaEmulator, startMetaEmulator } from "./server.ts";
export { serializeLikeMeta, signMetaBody, signMetaBodySha1 } from "./signature.ts";
export type { MetaCustomerMessage, MetaInboundResult } from "./webhook-delivery.ts";
