import { action, flow, onError, placeholder } from "./flow-builder.ts";

/**
 * The inbound chat flow for resumed conversations: route to the queue the caller was in
 * (carried as the `deflectQueueId` attribute that resume sets), name the guide that shows
 * the agent the call's context (`agent-context`, run in the agent's workspace when the chat
 * is offered), greet, and queue for an agent.
 */
export function deflectedChatFlow(options: { fallbackQueue: string }) {
  return flow({
    name: "deflected-chat",
    type: "contactFlow",
    start: "logging",
    actions: [
      action(
        "logging",
        "UpdateFlowLoggingBehavior",
        { FlowLoggingBehavior: "Enabled" },
        { NextAction: "working-queue" },
      ),
      action(
        "working-queue",
        "UpdateContactTargetQueue",
        { QueueId: "$.Attributes.deflectQueueId" },
        { NextAction: "agent-context", Errors: [onError("NoMatchingError", "fallback-queue")] },
      ),
      action(
        "fallback-queue",
        "UpdateContactTargetQueue",
        { QueueId: placeholder.queueId(options.fallbackQueue) },
        { NextAction: "agent-context", Errors: [onError("NoMatchingError", "sorry")] },
      ),
      // One hook per action (UpdateContactEventHooks); without it the chat still reaches an
      // agent, only without the guide.
      action(
        "agent-context",
        "UpdateContactEventHooks",
        { EventHooks: { DefaultAgentUI: placeholder.flowId("agent-context") } },
        { NextAction: "greet", Errors: [onError("NoMatchingError", "greet")] },
      ),
      action(
        "greet",
        "MessageParticipant",
        {
          Text: "Thanks for getting back to us. An agent will join shortly and can see what you told us on the call.",
        },
        { NextAction: "enqueue", Errors: [onError("NoMatchingError", "enqueue")] },
      ),
      action(
        "enqueue",
        "TransferContactToQueue",
        {},
        {
          NextAction: "sorry",
          Errors: [onError("QueueAtCapacity", "sorry"), onError("NoMatchingError", "sorry")],
        },
      ),
      action(
        "sorry",
        "MessageParticipant",
        {
          Text: "Sorry, we cannot connect you to an agent right now. Please message us again later.",
        },
        { NextAction: "end", Errors: [onError("NoMatchingError", "end")] },
      ),
      action("end", "DisconnectParticipant", {}, {}),
    ],
  });
}
