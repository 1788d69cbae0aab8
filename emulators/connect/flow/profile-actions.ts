import { failed, NEXT } from "./conditions.ts";
import type { CustomerProfile } from "./customer-profiles.ts";
import { type ActionContext, type ActionExecutor, stringParam } from "./flow-context.ts";
import type { FlowAction } from "./flow-document.ts";
import { resolveParameterText } from "./references.ts";

/** A map of parameter texts with their references resolved. */
export function resolvedMap(value: unknown, ctx: ActionContext): Record<string, string> {
  const scope = ctx.scope();
  return Object.fromEntries(
    Object.entries((value as Record<string, string> | undefined) ?? {}).map(([key, text]) => [
      key,
      resolveParameterText(text, scope),
    ]),
  );
}

function wanted(action: FlowAction): readonly string[] {
  return (action.Parameters.ProfileResponseData as string[] | undefined) ?? [];
}

/** Sets `Attributes.Tier` as `{ Attributes: { Tier } }`, so `$.Customer.Attributes.Tier` reads it. */
function setPath(target: Record<string, unknown>, path: string, value: string): void {
  const [head, ...rest] = path.split(".");
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const inner = target[head];
  const next: Record<string, unknown> =
    typeof inner === "object" && inner !== null ? (inner as Record<string, unknown>) : {};
  target[head] = next;
  setPath(next, rest.join("."), value);
}

/** `$.Customer`: the profile's id and ARN, and the fields the block asked for. */
function exposeProfile(action: FlowAction, ctx: ActionContext, profile: CustomerProfile): void {
  const [, , , region, account] = ctx.host.contactData().instanceArn.split(":");
  const customer: Record<string, unknown> = {
    ProfileId: profile.profileId,
    ProfileARN: `arn:aws:profile:${region}:${account}:domains/connect/profiles/${profile.profileId}`,
  };
  for (const field of wanted(action)) {
    const value = profile.fields[field];
    if (value !== undefined) setPath(customer, field, value);
  }
  ctx.state.customer = customer;
}

/** Adds the fields read for the current profile to `$.Customer`, keeping its id. */
function exposeMore(ctx: ActionContext, profileId: string, fields: Record<string, string>) {
  const customer = { ...ctx.state.customer, ProfileId: profileId };
  for (const [field, value] of Object.entries(fields)) setPath(customer, field, value);
  ctx.state.customer = customer;
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

/** The profile a request's ProfileId names, else the one the flow found or created. */
function targetProfile(request: Record<string, string>, ctx: ActionContext): string {
  const current = ctx.state.customer?.ProfileId;
  return request.ProfileId ?? (typeof current === "string" ? current : "");
}

const updateCustomerProfile: ActionExecutor = async (action, ctx) => {
  if (!ctx.host.updateProfile) return failed("no Customer Profiles domain");
  const request = resolvedMap(action.Parameters.ProfileRequestData, ctx);
  const { ProfileId: _named, ...fields } = request;
  const profileId = targetProfile(request, ctx);
  if (!profileId) return failed("no profile was found or created before the update");
  const profile = await ctx.host.updateProfile(profileId, fields);
  if (!profile) return failed(`no profile ${JSON.stringify(profileId)}`);
  exposeProfile(action, ctx, profile);
  return NEXT;
};

/** A response field of an object: `Price`, `Asset.Price` or `ObjectAttributes.Price`. */
function objectField(fields: Readonly<Record<string, string>>, name: string, type: string) {
  const prefix = [`${type}.`, "ObjectAttributes."].find((p) => name.startsWith(p)) ?? "";
  return fields[name] ?? fields[name.slice(prefix.length)];
}

const getCustomerProfileObject: ActionExecutor = async (action, ctx) => {
  if (!ctx.host.profileObject) return failed("no Customer Profiles domain");
  const request = resolvedMap(action.Parameters.ProfileRequestData, ctx);
  const objectType = request.ObjectType ?? "";
  const identifier =
    request.IdentifierName !== undefined
      ? { name: request.IdentifierName, value: request.IdentifierValue ?? "" }
      : undefined;
  const profileId = request.ProfileId ?? "";
  const found = await ctx.host.profileObject({
    profileId,
    objectType,
    ...(identifier ? { identifier } : {}),
  });
  if (found === "noProfile") return failed(`no profile ${JSON.stringify(profileId)}`);
  if (!found) return { kind: "error", error: "NoneFoundError", detail: `no ${objectType}` };
  const fields = Object.fromEntries(
    wanted(action).flatMap((name) => {
      const value = objectField(found.fields, name, objectType);
      return value === undefined ? [] : [[name, value]];
    }),
  );
  exposeMore(ctx, profileId, fields);
  return NEXT;
};

/** `CalculatedAttributes._average_hold_time` and the like, for the profile named. */
const getCalculatedAttributes: ActionExecutor = async (action, ctx) => {
  if (!ctx.host.calculatedAttributes) return failed("no Customer Profiles domain");
  const profileId = resolvedMap(action.Parameters.ProfileRequestData, ctx).ProfileId ?? "";
  const attributes = await ctx.host.calculatedAttributes(profileId);
  if (!attributes) return { kind: "error", error: "NoneFoundError", detail: "no such profile" };
  const fields = Object.fromEntries(
    wanted(action).flatMap((name) => {
      const value = attributes[name.replace(/^CalculatedAttributes\./, "")];
      return value === undefined ? [] : [[name, value]];
    }),
  );
  exposeMore(ctx, profileId, fields);
  return NEXT;
};

const associateContactToProfile: ActionExecutor = async (action, ctx) => {
  if (!ctx.host.associateContactToProfile) return failed("no Customer Profiles domain");
  const request = resolvedMap(action.Parameters.ProfileRequestData, ctx);
  const profileId = request.ProfileId ?? "";
  const ok = await ctx.host.associateContactToProfile(profileId, request.ContactId ?? "");
  return ok ? NEXT : failed(`no profile ${JSON.stringify(profileId)}`);
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

export const profileExecutors: Readonly<Record<string, ActionExecutor>> = {
  GetCustomerProfile: getCustomerProfile,
  CreateCustomerProfile: createCustomerProfile,
  UpdateCustomerProfile: updateCustomerProfile,
  GetCustomerProfileObject: getCustomerProfileObject,
  GetCalculatedAttributesForCustomerProfile: getCalculatedAttributes,
  AssociateContactToCustomerProfile: associateContactToProfile,
  CreateTask: createTask,
};
