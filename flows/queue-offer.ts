import {
  action,
  type FlowActionJson,
  flow,
  ifTrue,
  invokeDeflect,
  languageBranch,
  onError,
  when,
} from "./flow-builder.ts";
import { offerActions } from "./offer-actions.ts";
import {
  DEFAULT_LANGUAGE,
  languageSuffix,
  PROMPT_LANGUAGES,
  PROMPTS,
  type PromptLanguage,
} from "./prompt-catalog.ts";

/**
 * The customer queue flow, in the call's language (`$.LanguageCode`, set by the inbound
 * flow): hold messages; every `recheckSeconds` ask the deflect function with the caller's
 * own estimated wait, and offer at most `maxOffers` times. Accepting sends the message and
 * ends the call; declining keeps the caller's place.
 */
export function queueOfferFlow(options: { recheckSeconds?: number; maxOffers?: number } = {}) {
  return flow({
    name: "queue-offer",
    type: "customerQueue",
    start: "language",
    actions: [
      languageBranch({
        id: "language",
        value: "$.LanguageCode",
        languages: PROMPT_LANGUAGES,
        defaultLanguage: DEFAULT_LANGUAGE,
        start: (language) => `hold${languageSuffix(language as PromptLanguage)}`,
      }),
      ...PROMPT_LANGUAGES.flatMap((language) => queueInLanguage({ ...options, language })),
    ],
  });
}

function queueInLanguage(options: {
  language: PromptLanguage;
  recheckSeconds?: number;
  maxOffers?: number;
}): FlowActionJson[] {
  const { language } = options;
  const id = (name: string) => `${name}${languageSuffix(language)}`;
  const hold = { SSML: PROMPTS.hold[language] };
  return [
    action(
      id("hold"),
      "MessageParticipantIteratively",
      { Messages: [hold], InterruptFrequencySeconds: String(options.recheckSeconds ?? 60) },
      {
        Conditions: [when("MessagesInterrupted", id("offers-left"))],
        Errors: [onError("NoMatchingError", id("resume"))],
      },
    ),
    action(
      id("offers-left"),
      "Loop",
      { LoopCount: String(options.maxOffers ?? 2) },
      {
        Conditions: [when("ContinueLooping", id("check")), when("DoneLooping", id("hold-only"))],
      },
    ),
    invokeDeflect({
      id: id("check"),
      attributes: { action: "check", stage: "queue", language },
      next: id("should-offer"),
      onFailure: id("hold"),
    }),
    ifTrue({
      id: id("should-offer"),
      value: "$.External.offer",
      ifYes: id("offer"),
      ifNo: id("hold"),
    }),
    ...offerActions({ language, keepWaiting: id("hold"), hangUp: id("hang-up") }),
    // Offers used up: plain hold messages until an agent answers.
    action(
      id("hold-only"),
      "MessageParticipantIteratively",
      { Messages: [hold] },
      { Errors: [onError("NoMatchingError", id("resume"))] },
    ),
    action(id("hang-up"), "DisconnectParticipant", {}, {}),
    action(id("resume"), "EndFlowExecution", {}, {}),
  ];
}
