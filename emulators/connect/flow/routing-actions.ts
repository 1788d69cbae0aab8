import { type ActionOutcome, failed, NEXT } from "./conditions.ts";
import { queueRefOf } from "./contact-actions.ts";
import type { ContactSetting } from "./contact-setting.ts";
import { type ActionContext, type ActionExecutor, E164, stringParam } from "./flow-context.ts";
import type { FlowAction } from "./flow-document.ts";
import { resolveParameterText } from "./references.ts";

/** An integer-string parameter with references resolved, or undefined when absent. */
function intParam(action: FlowAction, ctx: ActionContext, field: string): number | undefined {
  const raw = stringParam(action, field);
  if (raw === undefined) return undefined;
  const text = resolveParameterText(raw, ctx.scope());
  return /^\d+$/.test(text) ? Number(text) : Number.NaN;
}

async function apply(ctx: ActionContext, setting: ContactSetting): Promise<ActionOutcome> {
  return (await ctx.host.applySetting(setting))
    ? NEXT
    : failed(`the contact refused the ${setting.kind} setting`);
}

const tagContact: ActionExecutor = (action, ctx) => {
  const scope = ctx.scope();
  const tags = Object.fromEntries(
    Object.entries(action.Parameters.Tags as Record<string, string>).map(([key, value]) => [
      key,
      resolveParameterText(value, scope),
    ]),
  );
  return apply(ctx, { kind: "tags", tags });
};

/** All or nothing: a key the contact does not carry fails the whole block. */
const unTagContact: ActionExecutor = (action, ctx) =>
  apply(ctx, { kind: "untag", tagKeys: action.Parameters.TagKeys as string[] });

/** A whole number from 1 to 100 for the conditions; NoMatchingCondition past the last one. */
const distributeByPercentage: ActionExecutor = async (_action, ctx) => {
  const drawn = ctx.host.drawPercentage
    ? await ctx.host.drawPercentage()
    : Math.floor(Math.random() * 100) + 1;
  return { kind: "result", value: String(drawn) };
};

const routingBehavior: ActionExecutor = (action, ctx) => {
  const queuePriority = intParam(action, ctx, "QueuePriority");
  const adjustment = intParam(action, ctx, "QueueTimeAdjustmentSeconds");
  if (Number.isNaN(queuePriority) || Number.isNaN(adjustment)) {
    return Promise.resolve(failed("a routing value did not resolve to a whole number"));
  }
  return apply(ctx, {
    kind: "routingBehavior",
    ...(queuePriority !== undefined ? { queuePriority } : {}),
    ...(adjustment !== undefined ? { queueTimeAdjustmentSeconds: adjustment } : {}),
  });
};

const routingCriteria: ActionExecutor = (action, ctx) =>
  apply(ctx, {
    kind: "routingCriteria",
    criteria: action.Parameters.RoutingCriteria as Record<string, unknown>,
  });

/** A number that is not E.164 is invalid; one the instance cannot dial is not dialable. */
const callbackNumber: ActionExecutor = async (action, ctx) => {
  const phoneNumber = resolveParameterText(
    stringParam(action, "CallbackNumber") ?? "",
    ctx.scope(),
  );
  if (!E164.test(phoneNumber)) {
    return { kind: "error", error: "InvalidCallbackNumber", detail: `not E.164: ${phoneNumber}` };
  }
  const dialable = await ctx.host.applySetting({ kind: "callbackNumber", phoneNumber });
  return dialable ? NEXT : { kind: "error", error: "CallbackNumberNotDialable" };
};

const createCallback: ActionExecutor = async (action, ctx) => {
  const initialCallDelaySeconds = intParam(action, ctx, "InitialCallDelaySeconds") ?? 0;
  const maximumConnectionAttempts = intParam(action, ctx, "MaximumConnectionAttempts") ?? 0;
  const retryDelaySeconds = intParam(action, ctx, "RetryDelaySeconds") ?? 0;
  const figures = [initialCallDelaySeconds, maximumConnectionAttempts, retryDelaySeconds];
  if (figures.some(Number.isNaN)) return failed("a callback figure did not resolve to a number");
  const queue = queueRefOf(action, ctx);
  return apply(ctx, {
    kind: "callback",
    initialCallDelaySeconds,
    maximumConnectionAttempts,
    retryDelaySeconds,
    ...(queue ? { queue } : {}),
  });
};

export const routingExecutors: Readonly<Record<string, ActionExecutor>> = {
  TagContact: tagContact,
  UpdateContactRoutingBehavior: routingBehavior,
  UpdateRoutingCriteria: routingCriteria,
  UpdateContactRoutingCriteria: routingCriteria,
  UnTagContact: unTagContact,
  DistributeByPercentage: distributeByPercentage,
  UpdateContactCallbackNumber: callbackNumber,
  CreateCallbackContact: createCallback,
};
