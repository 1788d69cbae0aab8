/** Exported-flow JSON (protocols.md §2.1), written as code so it can be reviewed and tested. */
export interface FlowJson {
  readonly Version: "2019-10-30";
  readonly StartAction: string;
  /** Free-form in the flow language; exports carry the flow's name and type here. */
  readonly Metadata: { readonly name: string; readonly type: FlowType };
  readonly Actions: readonly FlowActionJson[];
}

export interface FlowActionJson {
  readonly Identifier: string;
  readonly Type: string;
  readonly Parameters: Readonly<Record<string, unknown>>;
  readonly Transitions: {
    readonly NextAction?: string;
    readonly Conditions?: readonly {
      readonly NextAction: string;
      readonly Condition: { readonly Operator: string; readonly Operands: readonly string[] };
    }[];
    readonly Errors?: readonly { readonly NextAction: string; readonly ErrorType: string }[];
  };
}

/**
 * Placeholders that infra/ (at deploy time) or the emulator (locally) replace with real ids:
 * `${LAMBDA_ARN:deflect}`, `${QUEUE_ID:Support}`, `${FLOW_ID:queue-offer}`.
 */
export const placeholder = {
  lambdaArn: (name: string) => `\${LAMBDA_ARN:${name}}`,
  queueId: (name: string) => `\${QUEUE_ID:${name}}`,
  flowId: (name: string) => `\${FLOW_ID:${name}}`,
  /** An AWS-managed agent workspace view, e.g. `${VIEW_ARN:detail}`. */
  viewArn: (name: string) => `\${VIEW_ARN:${name}}`,
} as const;

export type Transitions = FlowActionJson["Transitions"];

/** `when(value, next)` builds one Equals condition, the only operator these flows need. */
export function when(value: string, next: string) {
  return { NextAction: next, Condition: { Operator: "Equals", Operands: [value] } };
}

export function onError(errorType: string, next: string) {
  return { ErrorType: errorType, NextAction: next };
}

export function action(
  Identifier: string,
  Type: string,
  Parameters: Readonly<Record<string, unknown>>,
  Transitions: Transitions,
): FlowActionJson {
  return { Identifier, Type, Parameters, Transitions };
}

/** Invokes the deflect function with an action; any failure goes to `onFailure`. */
export function invokeDeflect(options: {
  id: string;
  attributes: Readonly<Record<string, string>>;
  next: string;
  onFailure: string;
}): FlowActionJson {
  return invokeFunction({ ...options, functionName: "deflect" });
}

/** Invokes one of the product's functions; any failure goes to `onFailure`. */
export function invokeFunction(options: {
  id: string;
  functionName: "deflect" | "transcribe";
  attributes: Readonly<Record<string, string>>;
  next: string;
  onFailure: string;
}): FlowActionJson {
  return action(
    options.id,
    "InvokeLambdaFunction",
    {
      LambdaFunctionARN: placeholder.lambdaArn(options.functionName),
      // The functions answer within their own 3 s budget; this is Connect's outer limit.
      InvocationTimeLimitSeconds: "4",
      InvocationType: "SYNCHRONOUS",
      LambdaInvocationAttributes: options.attributes,
      ResponseValidation: { ResponseType: "STRING_MAP" },
    },
    { NextAction: options.next, Errors: [onError("NoMatchingError", options.onFailure)] },
  );
}

/** Compares one value and branches on "true"; anything else goes to `ifNo`. */
export function ifTrue(options: {
  id: string;
  value: string;
  ifYes: string;
  ifNo: string;
}): FlowActionJson {
  return action(
    options.id,
    "Compare",
    { ComparisonValue: options.value },
    {
      NextAction: options.ifNo,
      Conditions: [when("true", options.ifYes)],
      Errors: [onError("NoMatchingCondition", options.ifNo)],
    },
  );
}

/**
 * Branches on the call's language: `value` Equals a language goes to that language's copy of
 * the flow (`start` plus its suffix); anything else, unset included, to the default language's.
 */
export function languageBranch(options: {
  id: string;
  value: string;
  languages: readonly string[];
  defaultLanguage: string;
  start: (language: string) => string;
}): FlowActionJson {
  const others = options.languages.filter((language) => language !== options.defaultLanguage);
  const fallback = options.start(options.defaultLanguage);
  return action(
    options.id,
    "Compare",
    { ComparisonValue: options.value },
    {
      NextAction: fallback,
      Conditions: others.map((language) => when(language, options.start(language))),
      Errors: [onError("NoMatchingCondition", fallback)],
    },
  );
}

export type FlowType = "contactFlow" | "customerQueue";

export function flow(options: {
  name: string;
  type: FlowType;
  start: string;
  actions: readonly FlowActionJson[];
}): FlowJson {
  return {
    Version: "2019-10-30",
    StartAction: options.start,
    Metadata: { name: options.name, type: options.type },
    Actions: options.actions,
  };
}
