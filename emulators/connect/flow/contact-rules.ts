import { type ActionChecker, isRecord, shown } from "./action-checker.ts";
import type { ActionRule } from "./action-rules.ts";
import { containsReference, isSingleReference } from "./references.ts";

/** Contact attribute keys (protocols.md §9: `[A-Za-z0-9_-]`). */
export const ATTRIBUTE_KEY = /^[A-Za-z0-9_-]+$/;

export const LAMBDA_ARN =
  /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?$/;

function queueOrAgent(c: ActionChecker, required: boolean): void {
  const field = c.exactlyOne(["QueueId", "AgentId"], required);
  if (field) c.staticOrReference(field);
}

function stringMap(c: ActionChecker, field: string, required: boolean): Record<string, unknown> {
  const value = c.params[field];
  if (value === undefined && !required) return {};
  if (!isRecord(value) || (required && Object.keys(value).length === 0)) {
    c.problem(`Parameters.${field}`, `must be a non-empty object of strings, got ${shown(value)}`);
    return {};
  }
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== "string") {
      c.problem(`Parameters.${field}.${key}`, `must be a string, got ${shown(item)}`);
    }
  }
  return value;
}

const invokeLambdaFunction: ActionRule = {
  errors: ["NoMatchingError"],
  check(c) {
    const arn = c.staticOrReference("LambdaFunctionARN");
    if (arn !== undefined && !isSingleReference(arn) && !LAMBDA_ARN.test(arn)) {
      c.problem(
        "Parameters.LambdaFunctionARN",
        `must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>), got "${arn}"`,
      );
    }
    // protocols.md §1.3: a static integer, > 0 and ≤ 8 (the console's "max 8 seconds").
    c.intString("InvocationTimeLimitSeconds", { min: 1, max: 8 });
    const type = c.oneOf("InvocationType", ["SYNCHRONOUS", "ASYNCHRONOUS"], false);
    if (type === "ASYNCHRONOUS") {
      // protocols.md §10 item 2: how asynchronous results load is unverified, so refuse it.
      c.problem("Parameters.InvocationType", '"ASYNCHRONOUS" is not supported by this emulator');
    }
    stringMap(c, "LambdaInvocationAttributes", false);
    const validation = c.params.ResponseValidation;
    if (validation !== undefined) {
      const responseType = isRecord(validation) ? validation.ResponseType : undefined;
      if (responseType !== "STRING_MAP" && responseType !== "JSON") {
        c.problem(
          "Parameters.ResponseValidation.ResponseType",
          `must be "STRING_MAP" or "JSON", got ${shown(responseType)}`,
        );
      }
    }
  },
};

const updateContactAttributes: ActionRule = {
  errors: ["NoMatchingError"],
  check(c) {
    const attributes = stringMap(c, "Attributes", true);
    for (const key of Object.keys(attributes)) {
      // A key may be built from text and references ("survey_result_$.Attributes.n", seen in
      // an export); the key it resolves to is checked when the block runs.
      if (!ATTRIBUTE_KEY.test(key) && !containsReference(key)) {
        c.problem(
          `Parameters.Attributes`,
          `key ${shown(key)} must match [A-Za-z0-9_-]+ or hold $. references`,
        );
      }
    }
    c.oneOf("TargetContact", ["Current", "Related"], false);
  },
};

const updateContactMediaStreamingBehavior: ActionRule = {
  errors: ["NoMatchingError"],
  check(c) {
    const state = c.oneOf("MediaStreamingState", ["Enabled", "Disabled"]);
    if (c.has("MediaStreamType")) c.oneOf("MediaStreamType", ["Audio"]);
    const participants = c.params.Participants;
    if (participants === undefined && state !== "Enabled") return;
    const valid =
      Array.isArray(participants) &&
      participants.length > 0 &&
      participants.every(
        (p) =>
          isRecord(p) &&
          p.ParticipantType === "Customer" &&
          Array.isArray(p.MediaDirections) &&
          p.MediaDirections.every((d) => d === "From" || d === "To"),
      );
    if (!valid) {
      c.problem(
        "Parameters.Participants",
        `must be [{ParticipantType:"Customer", MediaDirections:["From"|"To"]}], got ${shown(participants)}`,
      );
    }
  },
};

function objectParameter(c: ActionChecker, field: string): void {
  if (c.has(field) && !isRecord(c.params[field])) {
    c.problem(`Parameters.${field}`, `must be an object, got ${shown(c.params[field])}`);
  }
}

// Text-to-speech settings the block takes (UpdateContactTextToSpeechVoice, protocols.md §2.5).
const TTS_ENGINES = ["standard", "neural", "generative"] as const;
const isTtsEngine = (value: string) =>
  (TTS_ENGINES as readonly string[]).includes(value.toLowerCase());
const TTS_STYLES = ["None", "Conversational", "Newscaster"] as const;
const LANGUAGE_CODE = /^[a-z]{2,3}-[A-Z]{2}$/;
// UpdateContactData fields this emulator knows; it applies LanguageCode, the rest is accepted.
const CONTACT_DATA_FIELDS = [
  "LanguageCode",
  "Name",
  "Description",
  "TargetContact",
  "References",
  // Set Voice ID and Amazon Q in Connect (Wisdom) write these through the same action.
  "CustomerId",
  "IsVoiceIdStreamingEnabled",
  "IsVoiceAuthenticationEnabled",
  "IsFraudDetectionEnabled",
  "VoiceAuthenticationThreshold",
  "VoiceAuthenticationResponseTime",
  "FraudDetectionThreshold",
  "WatchlistId",
  "WisdomSessionArn",
];

export const contactRules: Record<string, ActionRule> = {
  UpdateContactTextToSpeechVoice: {
    errors: ["NoMatchingError"],
    check(c) {
      c.staticOrReference("TextToSpeechVoice");
      // The reference writes the engine in lower case; the console's exports capitalise it
      // ("Neural"). Both load.
      const engine = c.params.TextToSpeechEngine;
      if (engine === undefined || typeof engine !== "string" || !isTtsEngine(engine)) {
        c.oneOf("TextToSpeechEngine", TTS_ENGINES, false);
      }
      c.oneOf("TextToSpeechStyle", TTS_STYLES, false);
    },
  },
  UpdateContactData: {
    errors: ["NoMatchingError"],
    check(c) {
      for (const field of Object.keys(c.params)) {
        if (!CONTACT_DATA_FIELDS.includes(field))
          c.problem(`Parameters.${field}`, "is not a field of UpdateContactData");
      }
      const language = c.staticOrReference("LanguageCode", false);
      if (language !== undefined && !isSingleReference(language) && !LANGUAGE_CODE.test(language)) {
        c.problem(
          "Parameters.LanguageCode",
          `must be a language code such as en-US, got "${language}"`,
        );
      }
    },
  },
  InvokeLambdaFunction: invokeLambdaFunction,
  UpdateContactAttributes: updateContactAttributes,
  UpdateContactTargetQueue: {
    errors: ["NoMatchingError"],
    check: (c) => queueOrAgent(c, true),
  },
  TransferContactToQueue: {
    errors: ["QueueAtCapacity", "NoMatchingError"],
    check: () => {},
  },
  DequeueContactAndTransferToQueue: {
    errors: ["QueueAtCapacity", "NoMatchingError"],
    check: (c) => queueOrAgent(c, true),
  },
  UpdateContactRecordingBehavior: {
    errors: ["NoMatchingError"],
    check(c) {
      if (!c.has("RecordingBehavior") && !c.has("AnalyticsBehavior")) {
        c.problem("Parameters", "must have RecordingBehavior or AnalyticsBehavior");
      }
      objectParameter(c, "RecordingBehavior");
      objectParameter(c, "AnalyticsBehavior");
    },
  },
  UpdateContactRecordingAndAnalyticsBehavior: {
    // The block's page lists ChannelMismatch: voice settings on a chat contact or the reverse.
    errors: ["NoMatchingError", "ChannelMismatch"],
    check(c) {
      const field = c.exactlyOne(["VoiceBehavior", "ChatBehavior"]);
      if (field) objectParameter(c, field);
    },
  },
  UpdateContactMediaStreamingBehavior: updateContactMediaStreamingBehavior,
  UpdateContactEventHooks: {
    errors: ["NoMatchingError"],
    check: (c) => void stringMap(c, "EventHooks", true),
  },
};
