import type { ActionOutcome } from "./conditions.ts";
import { type ActionContext, type ActionExecutor, stringParam } from "./flow-context.ts";
import type { LambdaOutcome } from "./flow-host.ts";
import { buildContactFlowEvent } from "./lambda-event.ts";
import { resolveParameterText } from "./references.ts";
import { raceWithTimeout } from "./timing.ts";

/** Response cap: "under 32 KB" of UTF-8 (protocols.md §1.2). */
export const MAX_RESPONSE_BYTES = 32 * 1024;
/** Retries of throttled or 500-class invocations, inside the time budget (§1.3). */
export const MAX_LAMBDA_RETRIES = 3;
// Connect's retry spacing is not documented; a short doubling backoff stays inside the budget.
const RETRY_BASE_MS = 100;

type ResponseType = "STRING_MAP" | "JSON";

function jsonKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** Parses and checks a response payload; returns the `$.External` value or a reason it failed. */
export function validateLambdaResponse(
  payload: string,
  responseType: ResponseType,
): { readonly external: unknown } | { readonly reason: string } {
  const bytes = Buffer.byteLength(payload, "utf8");
  if (bytes >= MAX_RESPONSE_BYTES)
    return { reason: `response is ${bytes} bytes; it must be under 32 KB` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return { reason: "response is not valid JSON" };
  }
  if (responseType === "JSON") return { external: parsed };
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return { reason: "STRING_MAP response must be a flat object of strings" };
  }
  for (const [key, value] of Object.entries(parsed)) {
    // The alphanumeric-only value rule of the 2023 doc is not enforced (§10 item 3).
    if (typeof value !== "string") {
      return {
        reason: `STRING_MAP value of "${key}" is ${jsonKind(value)}, not a string`,
      };
    }
  }
  return { external: parsed };
}

function resolveInvocationAttributes(
  attributes: unknown,
  ctx: ActionContext,
): Record<string, string> {
  const scope = ctx.scope();
  const parameters: Record<string, string> = {};
  for (const [key, value] of Object.entries((attributes ?? {}) as Record<string, string>)) {
    parameters[key] = resolveParameterText(value, scope);
  }
  return parameters;
}

function retryable(outcome: LambdaOutcome): boolean {
  return outcome.kind === "throttled" || outcome.kind === "serviceError";
}

function describe(outcome: LambdaOutcome): string {
  switch (outcome.kind) {
    case "ok":
      return "ok";
    case "functionError":
      return `function error: ${outcome.message}`;
    case "throttled":
      return "throttled";
    case "serviceError":
      return `service error ${outcome.statusCode}`;
    case "notFound":
      return "function not found";
  }
}

/** Invokes with retries until success, a final failure or the end of the budget. */
async function invokeWithinBudget(options: {
  ctx: ActionContext;
  functionArn: string;
  parameters: Record<string, string>;
  budgetMs: number;
}): Promise<{ outcome: LambdaOutcome | "timeout"; attempts: number }> {
  const { ctx, functionArn, budgetMs } = options;
  const { clock } = ctx.host;
  const deadline = clock.now() + budgetMs;
  const event = buildContactFlowEvent(ctx.host.contactData(), options.parameters);
  for (let attempts = 1; ; attempts++) {
    const raced = await raceWithTimeout({
      clock,
      timeoutMs: deadline - clock.now(),
      parent: ctx.signal,
      task: (signal) => ctx.host.invokeLambda({ functionArn, event, signal }),
    });
    if (raced.kind === "timeout") return { outcome: "timeout", attempts };
    if (!retryable(raced.value) || attempts > MAX_LAMBDA_RETRIES)
      return { outcome: raced.value, attempts };
    const backoffMs = RETRY_BASE_MS * 2 ** (attempts - 1);
    if (clock.now() + backoffMs >= deadline) return { outcome: raced.value, attempts };
    await clock.sleep(backoffMs, ctx.signal);
  }
}

const invokeLambdaFunction: ActionExecutor = async (action, ctx) => {
  const seconds = Number(stringParam(action, "InvocationTimeLimitSeconds"));
  const functionArn = resolveParameterText(
    stringParam(action, "LambdaFunctionARN") ?? "",
    ctx.scope(),
  );
  const responseType =
    (action.Parameters.ResponseValidation as { ResponseType?: ResponseType } | undefined)
      ?.ResponseType ?? "STRING_MAP";
  const parameters = resolveInvocationAttributes(action.Parameters.LambdaInvocationAttributes, ctx);
  const { outcome, attempts } = await invokeWithinBudget({
    ctx,
    functionArn,
    parameters,
    budgetMs: seconds * 1000,
  });
  let error: string | undefined;
  if (outcome === "timeout") error = `timed out after ${seconds} s`;
  else if (outcome.kind !== "ok") error = describe(outcome);
  else {
    const checked = validateLambdaResponse(outcome.payload, responseType);
    if ("reason" in checked) error = checked.reason;
    // The result replaces the previous one; it is not kept in the contact record (§1.2).
    else ctx.state.external = checked.external;
  }
  ctx.trace.lambdaCalls.push({
    actionId: action.Identifier,
    functionArn,
    attempts,
    parameters,
    ...(error ? { error } : {}),
  });
  if (!error) return { kind: "next" };
  // A failed call leaves no stale result behind [unverified: Connect's behaviour is undocumented].
  ctx.state.external = {};
  return { kind: "error", error: "NoMatchingError", detail: error } satisfies ActionOutcome;
};

export const lambdaExecutors: Record<string, ActionExecutor> = {
  InvokeLambdaFunction: invokeLambdaFunction,
};
