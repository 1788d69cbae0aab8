import { type ActionChecker, checkIntString, isRecord, shown } from "./action-checker.ts";
import type { ActionRule } from "./action-rules.ts";
import { containsReference, isSingleReference } from "./references.ts";

const PROMPT_FIELDS = ["Text", "SSML", "PromptId", "Media"] as const;
const DTMF_CHAR = /^[0-9*#]$/;

/** Exactly one prompt source in `source`, reported under `path` ("Parameters", "Parameters.Messages[0]"). */
function checkPromptSource(c: ActionChecker, source: Record<string, unknown>, path: string): void {
  const present = PROMPT_FIELDS.filter((f) => source[f] !== undefined);
  if (present.length !== 1) {
    const got = present.length === 0 ? "none" : present.join(", ");
    c.problem(path, `must have exactly one of ${PROMPT_FIELDS.join(", ")}, got ${got}`);
    return;
  }
  const field = present[0] as (typeof PROMPT_FIELDS)[number];
  const value = source[field];
  if (field === "Media") {
    const ok =
      isRecord(value) &&
      typeof value.Uri === "string" &&
      value.SourceType === "S3" &&
      value.MediaType === "Audio";
    if (!ok) {
      c.problem(
        `${path}.Media`,
        `must be {Uri, SourceType:"S3", MediaType:"Audio"}, got ${shown(value)}`,
      );
    }
    return;
  }
  if (typeof value !== "string" || value.length === 0) {
    c.problem(`${path}.${field}`, `must be a non-empty string, got ${shown(value)}`);
    return;
  }
  if (field === "PromptId" && containsReference(value) && !isSingleReference(value)) {
    c.problem(
      `${path}.PromptId`,
      `must be static or exactly one $. reference, got ${shown(value)}`,
    );
  }
}

function checkInputValidation(
  c: ActionChecker,
  storeInput: boolean,
): "phone" | "custom" | undefined {
  const validation = c.params.InputValidation;
  if (!storeInput) {
    if (validation !== undefined)
      c.problem("Parameters.InputValidation", 'is only allowed when StoreInput is "True"');
    if (c.has("InputEncryption"))
      c.problem("Parameters.InputEncryption", 'is only allowed when StoreInput is "True"');
    return undefined;
  }
  if (!isRecord(validation)) {
    c.problem(
      "Parameters.InputValidation",
      `is required when StoreInput is "True", got ${shown(validation)}`,
    );
    return undefined;
  }
  const phone = validation.PhoneNumberValidation;
  const custom = validation.CustomValidation;
  if ((phone === undefined) === (custom === undefined)) {
    c.problem(
      "Parameters.InputValidation",
      "must have exactly one of PhoneNumberValidation, CustomValidation",
    );
    return undefined;
  }
  if (c.has("InputEncryption") && custom === undefined) {
    c.problem("Parameters.InputEncryption", "is only allowed with CustomValidation");
  }
  if (phone !== undefined) {
    const format = isRecord(phone) ? phone.NumberFormat : undefined;
    // The GetParticipantInput page names the formats "Local" and "E164".
    if (format !== "Local" && format !== "E164") {
      c.problem(
        "Parameters.InputValidation.PhoneNumberValidation.NumberFormat",
        `must be "Local" or "E164", got ${shown(format)}`,
      );
    }
    if (format === "Local" && !(isRecord(phone) && typeof phone.CountryCode === "string")) {
      c.problem(
        "Parameters.InputValidation.PhoneNumberValidation.CountryCode",
        'is required with NumberFormat "Local"',
      );
    }
    return "phone";
  }
  checkIntString(isRecord(custom) ? custom.MaximumLength : undefined, {
    min: 1,
    report: (m) => c.problem("Parameters.InputValidation.CustomValidation.MaximumLength", m),
  });
  return "custom";
}

function checkDtmfConfiguration(c: ActionChecker): void {
  const dtmf = c.params.DTMFConfiguration;
  if (dtmf === undefined) return;
  if (!isRecord(dtmf)) {
    c.problem("Parameters.DTMFConfiguration", `must be an object, got ${shown(dtmf)}`);
    return;
  }
  const sequence = dtmf.InputTerminationSequence;
  if (
    sequence !== undefined &&
    (typeof sequence !== "string" || !/^[0-9*#]{1,5}$/.test(sequence))
  ) {
    c.problem(
      "Parameters.DTMFConfiguration.InputTerminationSequence",
      `must be 1 to 5 of 0-9 * #, got ${shown(sequence)}`,
    );
  }
  const cancel = dtmf.DisableCancelKey;
  if (cancel !== undefined && cancel !== "True" && cancel !== "False") {
    c.problem(
      "Parameters.DTMFConfiguration.DisableCancelKey",
      `must be "True" or "False", got ${shown(cancel)}`,
    );
  }
  checkIntString(dtmf.InterdigitTimeLimitSeconds, {
    min: 1,
    max: 20,
    required: false,
    report: (m) => c.problem("Parameters.DTMFConfiguration.InterdigitTimeLimitSeconds", m),
  });
}

const getParticipantInput: ActionRule = {
  conditions: true,
  errors: [
    "InputTimeLimitExceeded",
    "NoMatchingCondition",
    "InvalidPhoneNumber",
    "NoMatchingError",
  ],
  check(c) {
    checkPromptSource(c, c.params, "Parameters");
    // protocols.md §10 item 14: only a positive integer is required; the console caps at 180.
    c.intString("InputTimeLimitSeconds", { min: 1, required: false });
    const storeInput = c.oneOf("StoreInput", ["True", "False"], false) === "True";
    const validation = checkInputValidation(c, storeInput);
    checkDtmfConfiguration(c);
    // The GetParticipantInput page: NoMatchingError "must always be defined".
    if (!(c.action.Transitions.Errors ?? []).some((e) => e.ErrorType === "NoMatchingError")) {
      c.problem("Transitions.Errors", "must include a NoMatchingError transition");
    }
    if (storeInput) {
      c.noConditions('StoreInput "True" stores the input in $.StoredCustomerInput instead');
      c.forbidError("NoMatchingCondition", 'there are no conditions when StoreInput is "True"');
      if (validation !== "phone") {
        c.forbidError("InvalidPhoneNumber", "it needs InputValidation.PhoneNumberValidation");
      }
      return;
    }
    c.conditionsOnly({
      operators: ["Equals"],
      operand: (v) => DTMF_CHAR.test(v),
      operandRule: "one operand of a single DTMF character (0-9, *, #)",
    });
    c.forbidError("InvalidPhoneNumber", 'it needs StoreInput "True" with phone validation');
  },
};

const messageParticipantIteratively: ActionRule = {
  conditions: true,
  errors: ["NoMatchingError"],
  check(c) {
    const messages = c.params.Messages;
    if (!Array.isArray(messages) || messages.length === 0) {
      c.problem(
        "Parameters.Messages",
        `must be a non-empty list of prompts, got ${shown(messages)}`,
      );
    } else {
      messages.forEach((message, i) => {
        if (isRecord(message)) checkPromptSource(c, message, `Parameters.Messages[${i}]`);
        else c.problem(`Parameters.Messages[${i}]`, `must be an object, got ${shown(message)}`);
      });
    }
    c.intString("InterruptFrequencySeconds", { min: 1, required: false });
    c.conditionsOnly({
      operators: ["Equals"],
      operand: (v) => v === "MessagesInterrupted",
      operandRule: 'one operand "MessagesInterrupted"',
    });
  },
};

const WAIT_EVENTS = ["CustomerReturned", "BotParticipantDisconnected"] as const;
/** The wait's length, under either name Connect uses (exactly one of them). */
export const WAIT_LIMIT_FIELDS = ["TimeLimitSeconds", "TimeoutSeconds"] as const;

const wait: ActionRule = {
  conditions: true,
  errors: ["NoMatchingError", "ParticipantNotFound"],
  check(c) {
    // Connect's own exports write TimeLimitSeconds; the language reference, TimeoutSeconds.
    const limit = c.exactlyOne(WAIT_LIMIT_FIELDS);
    if (limit) c.intString(limit, { min: 1, max: 604_800, allowReference: true });
    const events = c.params.Events ?? [];
    const valid =
      Array.isArray(events) &&
      events.every((e) => typeof e === "string" && (WAIT_EVENTS as readonly string[]).includes(e));
    if (!valid) {
      c.problem(
        "Parameters.Events",
        `must be a list of ${WAIT_EVENTS.join(", ")}, got ${shown(events)}`,
      );
    }
    const results = ["WaitCompleted", ...(valid ? (events as string[]) : [])];
    c.conditionsOnly({
      operators: ["Equals"],
      operand: (v) => results.includes(v),
      operandRule: `one operand among ${results.join(", ")}`,
    });
    const covered = new Set(c.conditions().map((entry) => entry.Condition.Operands[0]));
    for (const result of results) {
      if (!covered.has(result))
        c.problem("Transitions.Conditions", `must have an Equals "${result}" condition`);
    }
  },
};

/** The two spellings of the chat initialization key (the reference drops an "a"). */
export const LEX_INITIALIZATION_FIELDS = ["LexInitilizationData", "LexInitializationData"];

/**
 * ConnectParticipantWithLexBot: an optional prompt, then the customer's words go to the bot.
 * Its result is the intent's name, matched with Equals. A blank alias ARN (a deploy-time blank
 * in an export) loads and fails at run time, as a bot that cannot be found.
 */
const connectParticipantWithLexBot: ActionRule = {
  conditions: true,
  errors: ["NoMatchingCondition", "NoMatchingError", "InputTimeLimitExceeded"],
  check(c) {
    if (PROMPT_FIELDS.some((field) => c.has(field))) checkPromptSource(c, c.params, "Parameters");
    const bot = c.exactlyOne(["LexV2Bot", "LexBot"]);
    const fields = bot === "LexV2Bot" ? ["AliasArn"] : ["Name", "Region", "Alias"];
    const value = bot ? c.params[bot] : undefined;
    if (bot && (!isRecord(value) || fields.some((field) => typeof value[field] !== "string"))) {
      c.problem(
        `Parameters.${bot}`,
        `must be {${fields.join(", ")}} of strings, got ${shown(value)}`,
      );
    }
    const attributes = c.params.LexSessionAttributes;
    if (
      attributes !== undefined &&
      (!isRecord(attributes) || Object.values(attributes).some((v) => typeof v !== "string"))
    ) {
      c.problem(
        "Parameters.LexSessionAttributes",
        `must be an object of strings, got ${shown(attributes)}`,
      );
    }
    c.exactlyOne(LEX_INITIALIZATION_FIELDS, false);
    c.conditionsOnly({
      operators: ["Equals"],
      operand: (v) => v.length > 0,
      operandRule: "one intent name",
    });
  },
};

export const participantRules: Record<string, ActionRule> = {
  ConnectParticipantWithLexBot: connectParticipantWithLexBot,
  MessageParticipant: {
    errors: ["NoMatchingError"],
    check(c) {
      checkPromptSource(c, c.params, "Parameters");
    },
  },
  GetParticipantInput: getParticipantInput,
  MessageParticipantIteratively: messageParticipantIteratively,
  DisconnectParticipant: { errors: [], terminal: true, check: () => {} },
  Wait: wait,
};
