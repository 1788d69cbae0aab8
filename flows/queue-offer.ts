import { action, flow, ifTrue, invokeDeflect, onError, when } from "./flow-builder.ts";
import { APOLOGY_TEXT, CONFIRM_SSML, OFFER_SSML } from "./offer-prompts.ts";

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
      ifTrue({ id: "should-offer", value: "$.External.offer", then: "offer", otherwise: "hold" }),
      action(
        "offer",
        "GetParticipantInput",
        { SSML: OFFER_SSML, StoreInput: "False", InputTimeLimitSeconds: "6" },
        {
          NextAction: "hold",
          Conditions: [when("1", "accept"), when("2", "decline")],
          Errors: [
            onError("InputTimeLimitExceeded", "hold"),
            onError("NoMatchingCondition", "hold"),
            onError("NoMatchingError", "hold"),
          ],
        },
      ),
      invokeDeflect({
        id: "accept",
        attributes: {
          action: "accept",
          channel: "$.External.channel",
          waitMinutes: "$.External.waitMinutes",
        },
        next: "sent",
        onFailure: "apology",
      }),
      ifTrue({ id: "sent", value: "$.External.sent", then: "confirm", otherwise: "apology" }),
      action(
        "confirm",
        "MessageParticipant",
        { SSML: CONFIRM_SSML },
        { NextAction: "hang-up", Errors: [onError("NoMatchingError", "hang-up")] },
      ),
      action(
        "apology",
        "MessageParticipant",
        { Text: APOLOGY_TEXT },
        { NextAction: "hold", Errors: [onError("NoMatchingError", "hold")] },
      ),
      invokeDeflect({
        id: "decline",
        attributes: { action: "decline" },
        next: "hold",
        onFailure: "hold",
      }),
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
