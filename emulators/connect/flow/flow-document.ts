import * as z from "zod";

/** The only flow-language version Connect accepts (protocols.md §2.1). */
export const FLOW_LANGUAGE_VERSION = "2019-10-30";
export const MAX_ACTIONS = 250;
export const MAX_IDENTIFIER_LENGTH = 50;

export const OPERATORS = [
  "Equals",
  "TextStartsWith",
  "TextEndsWith",
  "TextContains",
  "NumberGreaterThan",
  "NumberGreaterOrEqualTo",
  "NumberLessThan",
  "NumberLessOrEqualTo",
] as const;
export type Operator = (typeof OPERATORS)[number];

export const ERROR_TYPES = [
  "NoMatchingError",
  "NoMatchingCondition",
  "InputTimeLimitExceeded",
  "InvalidPhoneNumber",
  "QueueAtCapacity",
  "ParticipantNotFound",
  "TimeLimitExceeded",
  "ChannelMismatch",
  "InvalidCallbackNumber",
  "CallbackNumberNotDialable",
  "ConnectionTimeLimitExceeded",
  "CallFailed",
  "MultipleFoundError",
  "NoneFoundError",
  "MultipleFound",
  "NoneFound",
  "ContactNotLinked",
] as const;
export type FlowErrorType = (typeof ERROR_TYPES)[number];

const conditionSchema = z.object({
  NextAction: z.string(),
  Condition: z.object({
    Operator: z.enum(OPERATORS),
    Operands: z.array(z.string()),
  }),
});

// Any name here: which error types an action raises is its own rule (action-rules.ts), so a
// flow gets "not raised by this action type" with the ones it may list, not "invalid option".
const errorTransitionSchema = z.object({
  NextAction: z.string(),
  ErrorType: z.string(),
});

const transitionsSchema = z.object({
  NextAction: z.string().optional(),
  Conditions: z.array(conditionSchema).optional(),
  Errors: z.array(errorTransitionSchema).optional(),
});

const actionSchema = z.object({
  Identifier: z.string(),
  Type: z.string(),
  Parameters: z.record(z.string(), z.unknown()).default({}),
  Transitions: transitionsSchema.default({}),
});

/** Envelope of an exported flow; per-type parameter rules live in validate-flow.ts. */
export const flowDocumentSchema = z.object({
  Version: z.string(),
  StartAction: z.string(),
  Metadata: z.record(z.string(), z.unknown()).optional(),
  Actions: z.array(actionSchema),
});

export type FlowCondition = z.infer<typeof conditionSchema>;
export type FlowErrorTransition = z.infer<typeof errorTransitionSchema>;
export type FlowTransitions = z.infer<typeof transitionsSchema>;
export type FlowAction = z.infer<typeof actionSchema>;
export type FlowDocument = z.infer<typeof flowDocumentSchema>;

/** Which kind of flow a document runs as; some actions only exist in customer queue flows. */
export type FlowKind = "contact" | "customerQueue";
