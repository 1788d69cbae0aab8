import {
  action,
  type FlowActionJson,
  ifTrue,
  invokeDeflect,
  onError,
  when,
} from "./flow-builder.ts";
import { APOLOGY_TEXT, CONFIRM_SSML, OFFER_SSML } from "./offer-prompts.ts";

/**
 * The offer and its outcomes, shared by the inbound and the customer queue flow: "offer"
 * reads one digit; 1 accepts (send, confirm, `hangUp`), 2 declines; silence, a wrong key or
 * any failure goes to `keepWaiting`, so the caller never loses their place.
 */
export function offerActions(options: {
  keepWaiting: string;
  hangUp: string;
  timeoutSeconds?: number;
}): FlowActionJson[] {
  const { keepWaiting, hangUp } = options;
  return [
    action(
      "offer",
      "GetParticipantInput",
      {
        SSML: OFFER_SSML,
        StoreInput: "False",
        InputTimeLimitSeconds: String(options.timeoutSeconds ?? 6),
      },
      {
        NextAction: keepWaiting,
        Conditions: [when("1", "accept"), when("2", "decline")],
        // No answer counts as choosing to wait.
        Errors: [
          onError("InputTimeLimitExceeded", keepWaiting),
          onError("NoMatchingCondition", keepWaiting),
          onError("NoMatchingError", keepWaiting),
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
    ifTrue({ id: "sent", value: "$.External.sent", ifYes: "confirm", ifNo: "apology" }),
    action(
      "confirm",
      "MessageParticipant",
      { SSML: CONFIRM_SSML },
      { NextAction: hangUp, Errors: [onError("NoMatchingError", hangUp)] },
    ),
    action(
      "apology",
      "MessageParticipant",
      { Text: APOLOGY_TEXT },
      { NextAction: keepWaiting, Errors: [onError("NoMatchingError", keepWaiting)] },
    ),
    invokeDeflect({
      id: "decline",
      attributes: { action: "decline" },
      next: keepWaiting,
      onFailure: keepWaiting,
    }),
  ];
}
