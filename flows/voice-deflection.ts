import {
  action,
  type FlowActionJson,
  flow,
  ifTrue,
  invokeDeflect,
  languageBranch,
  onError,
  placeholder,
  when,
} from "./flow-builder.ts";
import { listenActions, type TranscriptSource } from "./listen-actions.ts";
import { offerActions } from "./offer-actions.ts";
import {
  DEFAULT_LANGUAGE,
  languageSuffix,
  PROMPT_LANGUAGES,
  PROMPT_VOICES,
  PROMPTS,
  type PromptLanguage,
} from "./prompt-catalog.ts";

/** The answers of the reason menu, stored as the `callReason` contact attribute. */
export const CALL_REASONS = {
  "1": "Billing",
  "2": "Technical problem",
  "3": "Something else",
  spoken: "In their own words",
} as const;

/**
 * The inbound voice flow. In the call's language (the `deflectLanguage` attribute; English
 * when unset): stream the caller's audio and start the transcript worker, ask why they are
 * calling (speech, or a key as the fallback) and record the answer, ask the deflect function,
 * offer, and on 1 send the message and hang up. Anything else, every error included, stops
 * the audio stream and queues the caller as usual.
 */
export function voiceDeflectionFlow(options: {
  queue: string;
  offerTimeoutSeconds?: number;
  reasonSeconds?: number;
  /** Where the caller's words come from (DEFLECT_TRANSCRIPT_SOURCE); "transcribe" by default. */
  transcriptSource?: TranscriptSource;
}) {
  return flow({
    name: "voice-deflection",
    type: "contactFlow",
    start: "logging",
    actions: [
      action(
        "logging",
        "UpdateFlowLoggingBehavior",
        { FlowLoggingBehavior: "Enabled" },
        { NextAction: "language" },
      ),
      languageBranch({
        id: "language",
        value: "$.Attributes.deflectLanguage",
        languages: PROMPT_LANGUAGES,
        defaultLanguage: DEFAULT_LANGUAGE,
        start: (language) => `set-language${languageSuffix(language as PromptLanguage)}`,
      }),
      ...PROMPT_LANGUAGES.flatMap((language) => callInLanguage({ ...options, language })),
    ],
  });
}

function callInLanguage(options: {
  language: PromptLanguage;
  queue: string;
  offerTimeoutSeconds?: number;
  reasonSeconds?: number;
  transcriptSource?: TranscriptSource;
}): FlowActionJson[] {
  const { language } = options;
  const id = (name: string) => `${name}${languageSuffix(language)}`;
  const voice = PROMPT_VOICES[language];
  const listen = listenActions({ id, language, source: options.transcriptSource ?? "transcribe" });
  return [
    action(
      id("set-language"),
      "UpdateContactData",
      { LanguageCode: language },
      { NextAction: id("voice"), Errors: [onError("NoMatchingError", id("voice"))] },
    ),
    action(
      id("voice"),
      "UpdateContactTextToSpeechVoice",
      { TextToSpeechVoice: voice.voiceId, TextToSpeechEngine: voice.engine },
      { NextAction: listen.start, Errors: [onError("NoMatchingError", listen.start)] },
    ),
    ...listen.actions,
    action(
      id("working-queue"),
      "UpdateContactTargetQueue",
      { QueueId: placeholder.queueId(options.queue) },
      { NextAction: id("queue-flow"), Errors: [onError("NoMatchingError", listen.stop)] },
    ),
    action(
      id("queue-flow"),
      "UpdateContactEventHooks",
      { EventHooks: { CustomerQueue: placeholder.flowId("queue-offer") } },
      { NextAction: id("ask-reason"), Errors: [onError("NoMatchingError", id("ask-reason"))] },
    ),
    ...reasonActions({ id, language, seconds: options.reasonSeconds ?? 8, next: id("check") }),
    invokeDeflect({
      id: id("check"),
      attributes: { action: "check", stage: "ivr", language },
      next: id("should-offer"),
      onFailure: listen.stop,
    }),
    ifTrue({
      id: id("should-offer"),
      value: "$.External.offer",
      ifYes: id("offer"),
      ifNo: listen.stop,
    }),
    ...offerActions({
      language,
      keepWaiting: listen.stop,
      hangUp: id("hang-up"),
      timeoutSeconds: options.offerTimeoutSeconds ?? 6,
    }),
    ...listen.stopActions,
    action(
      id("enqueue"),
      "TransferContactToQueue",
      {},
      {
        NextAction: id("hang-up"),
        Errors: [
          onError("QueueAtCapacity", id("queue-full")),
          onError("NoMatchingError", id("hang-up")),
        ],
      },
    ),
    action(
      id("queue-full"),
      "MessageParticipant",
      { SSML: PROMPTS.queueFull[language] },
      { NextAction: id("hang-up"), Errors: [onError("NoMatchingError", id("hang-up"))] },
    ),
    action(id("hang-up"), "DisconnectParticipant", {}, {}),
  ];
}

/**
 * Asks why the caller is calling. Speaking is the main way (the transcript worker hears it);
 * the keys are the fallback. Either way the answer is recorded as contact attributes, which
 * the deflect function carries to the agent.
 */
function reasonActions(options: {
  id: (name: string) => string;
  language: PromptLanguage;
  seconds: number;
  next: string;
}): FlowActionJson[] {
  const { id, next } = options;
  const record = (key: keyof typeof CALL_REASONS, input: "keypad" | "speech") =>
    action(
      id(`reason-${key}`),
      "UpdateContactAttributes",
      {
        Attributes: { callReason: CALL_REASONS[key], callReasonInput: input },
        TargetContact: "Current",
      },
      { NextAction: next, Errors: [onError("NoMatchingError", next)] },
    );
  return [
    action(
      id("ask-reason"),
      "GetParticipantInput",
      {
        SSML: PROMPTS.reason[options.language],
        StoreInput: "False",
        InputTimeLimitSeconds: String(options.seconds),
      },
      {
        NextAction: id("reason-spoken"),
        Conditions: [
          when("1", id("reason-1")),
          when("2", id("reason-2")),
          when("3", id("reason-3")),
        ],
        // No key: the caller spoke (or said nothing); the transcript has their words.
        Errors: [
          onError("InputTimeLimitExceeded", id("reason-spoken")),
          onError("NoMatchingCondition", id("reason-spoken")),
          onError("NoMatchingError", id("reason-spoken")),
        ],
      },
    ),
    record("1", "keypad"),
    record("2", "keypad"),
    record("3", "keypad"),
    record("spoken", "speech"),
  ];
}
