import {
  action,
  type FlowActionJson,
  ifTrue,
  invokeDeflect,
  onError,
  when,
} from "./flow-builder.ts";
import { languageSuffix, PROMPTS, type PromptLanguage } from "./prompt-catalog.ts";

/**
 * The offer and its outcomes in one language, shared by the inbound and the customer queue
 * flow: "offer" reads one digit; 1 accepts (send, confirm, `hangUp`), 2 declines; silence, a
 * wrong key or any failure goes to `keepWaiting`, so the caller never loses their place.
 * Identifiers carry the language's suffix ("offer-es-US"), so each language has its own copy.
 */
export function offerActions(options: {
  language: PromptLanguage;
  keepWaiting: string;
  hangUp: string;
  timeoutSeconds?: number;
}): FlowActionJson[] {
  const { keepWaiting, hangUp, language } = options;
  const id = (name: string) => `${name}${languageSuffix(language)}`;
  return [
    action(
      id("offer"),
      "GetParticipantInput",
      {
        SSML: PROMPTS.offer[language],
        StoreInput: "False",
        InputTimeLimitSeconds: String(options.timeoutSeconds ?? 6),
      },
      {
        NextAction: keepWaiting,
        Conditions: [when("1", id("accept")), when("2", id("decline"))],
        // No answer counts as choosing to wait.
        Errors: [
          onError("InputTimeLimitExceeded", keepWaiting),
          onError("NoMatchingCondition", keepWaiting),
          onError("NoMatchingError", keepWaiting),
        ],
      },
    ),
    invokeDeflect({
      id: id("accept"),
      attributes: {
        action: "accept",
        channel: "$.External.channel",
        waitMinutes: "$.External.waitMinutes",
        language,
      },
      next: id("sent"),
      onFailure: id("apology"),
    }),
    ifTrue({ id: id("sent"), value: "$.External.sent", ifYes: id("confirm"), ifNo: id("apology") }),
    action(
      id("confirm"),
      "MessageParticipant",
      { SSML: PROMPTS.confirm[language] },
      { NextAction: hangUp, Errors: [onError("NoMatchingError", hangUp)] },
    ),
    action(
      id("apology"),
      "MessageParticipant",
      { SSML: PROMPTS.apology[language] },
      { NextAction: keepWaiting, Errors: [onError("NoMatchingError", keepWaiting)] },
    ),
    invokeDeflect({
      id: id("decline"),
      attributes: { action: "decline", language },
      next: keepWaiting,
      onFailure: keepWaiting,
    }),
  ];
}
