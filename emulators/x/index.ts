export { parseOAuthHeader, verifyOAuth1 } from "./oauth1.ts";
export { startXEmulator, type XEmulator } from "./server.ts";
export { crcResponseToken, signXWebhookBody } from "./signature.ts";
export type { XCustomerMessage, XInboundResult } from "./webhook-delivery.ts";
export type { XDmEvent, XEmulatorOptions } from "./x-context.ts";
