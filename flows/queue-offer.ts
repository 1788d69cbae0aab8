import { action, flow, ifTrue, invokeDeflect, onError, when } from "./flow-builder.ts";
import { offerActions } from "./offer-actions.ts";

const HOLD_MESSAGE = { Text: "Thanks for waiting. An agent will be with you as soon as possible." };

/**
 * The customer queue flow: hold messages; every `recheckSeconds` ask the deflect function
 * with the caller's own estimated wait, and offer at most `maxOffers` times. Accepting sends
 * the message and ends the call; declining keeps the caller's place.
 */
export function queueOfferFlow(options: { recheckSeconds?: number; maxOffers?: number } = {}) {
  const interval = String(options.recheckSeconds ?? 60);
  return flow({
    name: "queue-offer",
    type: "customerQueue",
    start: "hold",
    actions: [
      action(
        "hold",
        "MessageParticipantIteratively",
        { Messages: [HOLD_MESSAGE], InterruptFrequencySeconds: interval },
        {
          Conditions: [when("MessagesInterrupted", "offers-left")],
          Errors: [onError("NoMatchingError", "resume")],
        },
      ),
      action(
        "offers-left",
        "Loop",
        { LoopCount: String(options.maxOffers ?? 2) },
        {
          Conditions: [when("ContinueLooping", "check"), when("DoneLooping", "hold-only")],
        },
      ),
      invokeDeflect({
        id: "check",
        attributes: { action: "check", stage: "queue" },
        next: "should-offer",
        onFailure: "hold",
      }),
      ifTrue({ id: "should-offer", value: "$.External.offer", ifYes: "offer", ifNo: "hold" }),
      ...offerActions({ keepWaiting: "hold", hangUp: "hang-up" }),
      // Offers used up: plain hold messages until an agent answers.
      action(
        "hold-only",
        "MessageParticipantIteratively",
        { Messages: [HOLD_MESSAGE] },
        { Errors: [onError("NoMatchingError", "resume")] },
      ),
      action("hang-up", "DisconnectParticipant", {}, {}),
      action("resume", "EndFlowExecution", {}, {}),
    ],
  });
}
