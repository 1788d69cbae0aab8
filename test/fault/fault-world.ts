import { inject } from "vitest";
import { startConversationWorld } from "../support/conversation-world.ts";

export { BUSINESS_NUMBER, CLOSING_TEXT } from "../support/conversation-world.ts";

/** The conversation world on the test run's dynalite, for fault runs. */
export function startFaultWorld() {
  return startConversationWorld({ dynamoEndpoint: inject("dynamoEndpoint") });
}

export type FaultWorld = Awaited<ReturnType<typeof startFaultWorld>>;
