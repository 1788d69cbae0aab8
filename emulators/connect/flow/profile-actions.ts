import type { CaseRecord } from "./cases.ts";
import { type ActionOutcome, failed, NEXT } from "./conditions.ts";
import type { CustomerProfile } from "./customer-profiles.ts";
import { type ActionContext, type ActionExecutor, stringParam } from "./flow-context.ts";
import type { FlowAction } from "./flow-document.ts";
import { resolveParameterText } from "./references.ts";

function resolvedMap(value: unknown, ctx: ActionContext): Record<string, string> {
  const scope = ctx.scope();
  return Object.fromEntries(
    Object.entries((value as Record<string, string> | undefined) ?? {}).map(([key, text]) => [
      key,
      resolveParameterText(text, scope),
    ]),
  );
}

/** `$.Customer`: the profile's id and ARN, and the fields the block asked for. */
function exposeProfile(action: FlowAction, ctx: ActionContext, profile: CustomerProfile): void {
  const [, , , region, account] = ctx.host.contactData().instanceArn.split(":");
  const wanted = (action.Parameters.ProfileResponseData as string[] | undefined) ?? [];
  ctx.state.customer = {
    ProfileId: profile.profileId,
    ProfileARN: `arn:aws:profile:${region}:${account}:domains/connect/profiles/${profile.profileId}`,
    ...Object.fromEntries(
      wanted.flatMap((field) => {
        const value = profile.fields[field];
        return value === undefined ? [] : [[field, value]];
      }),
    ),
  };
}

const getCustomerProfile: ActionExecutor = async (action, ctx) => {
  if (!ctx.host.searchProfiles) return failed("no Customer Profiles domain");
  const request = resolvedMap(action.Parameters.ProfileRequestData, ctx);
  const [field, value] =
    request.IdentifierName !== undefined
      ? [request.IdentifierName, request.IdentifierValue ?? ""]
      : (Object.entries(request)[0] ?? ["", ""]);
  const found = await ctx.host.searchProfiles(field, value);
  if (found.length === 0) return { kind: "error", error: "NoneFoundError" };
  if (found.length > 1) return { kind: "error", error: "MultipleFoundError" };
  exposeProfile(action, ctx, found[0] as CustomerProfile);
  return NEXT;
};

const createCustomerProfile: ActionExecutor = async (action, ctx) => {
  if (!ctx.host.createProfile) return failed("no Customer Profiles domain");
  const profile = await ctx.host.createProfile(
    resolvedMap(action.Parameters.ProfileRequestData, ctx),
  );
  exposeProfile(action, ctx, profile);
  return NEXT;
};

const createTask: ActionExecutor = async (action, ctx) => {
  if (!ctx.host.createTask) return failed("tasks cannot be created here");
  const scope = ctx.scope();
  const description = stringParam(action, "Description");
  const created = await ctx.host.createTask({
    name: resolveParameterText(stringParam(action, "Name") ?? "", scope),
    contactFlowId: resolveParameterText(stringParam(action, "ContactFlowId") ?? "", scope),
    ...(description ? { description: resolveParameterText(description, scope) } : {}),
    attributes: resolvedMap(action.Parameters.Attributes, ctx),
  });
  return created ? NEXT : failed("the task was refused");
};

/** Links the contact when the block asks; ContactNotLinked when that fails. */
async function linked(action: FlowAction, ctx: ActionContext, caseId: string) {
  if (stringParam(action, "LinkContactToCase") !== "true") return NEXT;
  const ok = (await ctx.host.linkContactToCase?.(caseId)) ?? false;
  return ok ? NEXT : ({ kind: "error", error: "ContactNotLinked" } satisfies ActionOutcome);
}

/** Finds one case (the last updated of several, when asked) and copies the fields asked for. */
const getCase: ActionExecutor = async (action, ctx) => {
  if (!ctx.host.searchCases) return failed("no Cases domain");
  const criteria = resolvedMap(action.Parameters.CaseRequestFields, ctx);
  const customerId = stringParam(action, "CustomerId");
  if (customerId) criteria.customer_id = resolveParameterText(customerId, ctx.scope());
  if (Object.keys(criteria).length === 0) return failed("a case search needs a criterion");
  const found = [...(await ctx.host.searchCases(criteria))];
  if (found.length === 0) return { kind: "error", error: "NoneFound" };
  const lastUpdated = stringParam(action, "GetLastUpdatedCase") === "true";
  if (found.length > 1 && !lastUpdated) return { kind: "error", error: "MultipleFound" };
  const record = found.sort((a, b) => b.updatedAt - a.updatedAt)[0] as CaseRecord;
  const wanted = (action.Parameters.CaseResponseFields as string[] | undefined) ?? [];
  ctx.state.case = {
    case_id: record.caseId,
    ...Object.fromEntries(
      wanted.flatMap((field) => {
        const value = record.fields[field];
        return value === undefined ? [] : [[field, value]];
      }),
    ),
  };
  return linked(action, ctx, record.caseId);
};

const createCase: ActionExecutor = async (action, ctx) => {
  if (!ctx.host.createCase) return failed("no Cases domain");
  const record = await ctx.host.createCase({
    templateId: resolveParameterText(stringParam(action, "CaseTemplateId") ?? "", ctx.scope()),
    fields: resolvedMap(action.Parameters.CaseRequestFields, ctx),
  });
  ctx.state.case = { case_id: record.caseId };
  return linked(action, ctx, record.caseId);
};

export const profileExecutors: Readonly<Record<string, ActionExecutor>> = {
  GetCase: getCase,
  CreateCase: createCase,
  GetCustomerProfile: getCustomerProfile,
  CreateCustomerProfile: createCustomerProfile,
  CreateTask: createTask,
};
