import { action, flow, ifTrue, invokeDeflect, onError, placeholder } from "./flow-builder.ts";
import { offerActions } from "./offer-actions.ts";

/**
 * The inbound voice flow: log, stream media (for the transcript), set the working queue and
 * its customer queue flow, ask the deflect function, offer, and on 1 send the message and
 * hang up. Anything else, including every error, queues the caller as usual.
 */
export function voiceDeflectionFlow(options: { queue: string; offerTimeoutSeconds?: number }) {
  return flow({
    name: "voice-deflection",
    type: "contactFlow",
    start: "logging",
    actions: [
      action(
        "logging",
        "UpdateFlowLoggingBehavior",
        { FlowLoggingBehavior: "Enabled" },
        { NextAction: "media-streaming" },
      ),
      action(
        "media-streaming",
        "UpdateContactMediaStreamingBehavior",
        {
          MediaStreamingState: "Enabled",
          MediaStreamType: "Audio",
          Participants: [{ ParticipantType: "Customer", MediaDirections: ["From", "To"] }],
        },
        { NextAction: "working-queue", Errors: [onError("NoMatchingError", "working-queue")] },
      ),
      action(
        "working-queue",
        "UpdateContactTargetQueue",
        { QueueId: placeholder.queueId(options.queue) },
        { NextAction: "queue-flow", Errors: [onError("NoMatchingError", "enqueue")] },
      ),
      action(
        "queue-flow",
        "UpdateContactEventHooks",
        { EventHooks: { CustomerQueue: placeholder.flowId("queue-offer") } },
        { NextAction: "check", Errors: [onError("NoMatchingError", "check")] },
      ),
      invokeDeflect({
        id: "check",
        attributes: { action: "check", stage: "ivr" },
        next: "should-offer",
        onFailure: "enqueue",
      }),
      ifTrue({
        id: "should-offer",
        value: "$.External.offer",
        ifYes: "offer",
        ifNo: "enqueue",
      }),
      ...offerActions({
        keepWaiting: "enqueue",
        hangUp: "hang-up",
        timeoutSeconds: options.offerTimeoutSeconds ?? 6,
      }),
      action(
        "enqueue",
        "TransferContactToQueue",
        {},
        {
          NextAction: "hang-up",
          Errors: [onError("QueueAtCapacity", "queue-full"), onError("NoMatchingError", "hang-up")],
        },
      ),
      action(
        "queue-full",
        "MessageParticipant",
        { Text: "Sorry, all our lines are full right now. Please call back later." },
        { NextAction: "hang-up", Errors: [onError("NoMatchingError", "hang-up")] },
      ),
      action("hang-up", "DisconnectParticipant", {}, {}),
    ],
  });
}
