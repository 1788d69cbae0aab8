export type { DeliveryFailure, TwilioMessage, TwilioMessageStatus } from "./message-store.ts";
export { startTwilioEmulator, type TwilioEmulator } from "./server.ts";
export { encodeTwilioForm, signTwilioJsonRequest, signTwilioRequest } from "./signature.ts";
export type { TwilioEmulatorOptions } from "./twilio-context.ts";
export type { InboundResult, TwilioCustomerMessage } from "./webhook-delivery.ts";
// createLocalTwilioClient lives in ./local-client.ts (it loads the twilio SDK).
