import { agentContextFlow } from "./agent-context.ts";
import { deflectedChatFlow } from "./deflected-chat.ts";
import type { FlowJson } from "./flow-builder.ts";
import type { TranscriptSource } from "./listen-actions.ts";
import { queueOfferFlow } from "./queue-offer.ts";
import { voiceDeflectionFlow } from "./voice-deflection.ts";

export interface FlowDefinition {
  readonly name: string;
  readonly type: "CONTACT_FLOW" | "CUSTOMER_QUEUE";
  readonly content: FlowJson;
}

/** Every flow of the product, by the name placeholders refer to. */
export function allFlows(options: {
  queue: string;
  recheckSeconds?: number;
  maxOffers?: number;
  /** Where the caller's words come from; the voice flow listens accordingly. */
  transcriptSource?: TranscriptSource;
}): FlowDefinition[] {
  return [
    {
      name: "voice-deflection",
      type: "CONTACT_FLOW",
      content: voiceDeflectionFlow({
        queue: options.queue,
        ...(options.transcriptSource ? { transcriptSource: options.transcriptSource } : {}),
      }),
    },
    {
      name: "queue-offer",
      type: "CUSTOMER_QUEUE",
      content: queueOfferFlow({
        ...(options.recheckSeconds ? { recheckSeconds: options.recheckSeconds } : {}),
        ...(options.maxOffers ? { maxOffers: options.maxOffers } : {}),
      }),
    },
    { name: "agent-context", type: "CONTACT_FLOW", content: agentContextFlow() },
    {
      name: "deflected-chat",
      type: "CONTACT_FLOW",
      content: deflectedChatFlow({ fallbackQueue: options.queue }),
    },
  ];
}
