import { action, flow, onError, placeholder } from "./flow-builder.ts";

// Long enough for a whole conversation: the guide closes with the chat anyway.
const GUIDE_SECONDS = 3600;

/**
 * The step-by-step guide the agent sees when a deflected chat is offered to them (the
 * deflected-chat flow names it with the DefaultAgentUI hook). It runs as a contact of its own
 * in the agent's workspace, never in the customer's chat (protocols.md §11), and shows the
 * AWS-managed Detail view filled from the chat's attributes that resume set: the whole
 * context as the section, the queue, channel, masked handle and wait in the attribute bar.
 */
export function agentContextFlow() {
  const close = { NextAction: "close", Errors: [onError("NoMatchingError", "close")] };
  return flow({
    name: "agent-context",
    type: "contactFlow",
    start: "show-context",
    actions: [
      action(
        "show-context",
        "ShowView",
        {
          ViewResource: { Id: placeholder.viewArn("detail") },
          InvocationTimeLimitSeconds: String(GUIDE_SECONDS),
          ViewData: {
            Heading: "Moved from a phone call",
            AttributeBar: [
              { Label: "Queue", Value: "$.Attributes.deflectQueueName" },
              { Label: "Channel", Value: "$.Attributes.deflectChannel" },
              { Label: "Customer", Value: "$.Attributes.deflectHandle" },
              {
                Label: "Voice contact",
                Value: "$.Attributes.deflectVoiceContactId",
                Copyable: true,
              },
            ],
            Sections: ["$.Attributes.deflectContext"],
            Back: { Label: "Close" },
          },
        },
        {
          ...close,
          Errors: [
            onError("TimeLimitExceeded", "close"),
            onError("NoMatchingCondition", "close"),
            onError("NoMatchingError", "close"),
          ],
        },
      ),
      action("close", "DisconnectParticipant", {}, {}),
    ],
  });
}
