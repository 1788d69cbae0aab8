import type { CaseRecord } from "./cases.ts";
import { type ActionOutcome, failed, NEXT } from "./conditions.ts";
import { type ActionContext, type ActionExecutor, stringParam } from "./flow-context.ts";
import type { FlowAction } from "./flow-document.ts";
import { resolvedMap } from "./profile-actions.ts";
import { resolveParameterText } from "./references.ts";

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

/** Sets the fields on the case the CaseId names (often `$.Case.case_id`), then links it. */
const updateCase: ActionExecutor = async (action, ctx) => {
  if (!ctx.host.updateCase) return failed("no Cases domain");
  const caseId = resolveParameterText(stringParam(action, "CaseId") ?? "", ctx.scope());
  if (!caseId) return failed("CaseId resolved to nothing");
  const record = await ctx.host.updateCase(
    caseId,
    resolvedMap(action.Parameters.CaseRequestFields, ctx),
  );
  if (!record) return failed(`no case ${JSON.stringify(caseId)}`);
  ctx.state.case = { ...ctx.state.case, case_id: record.caseId };
  return linked(action, ctx, record.caseId);
};

export const caseExecutors: Readonly<Record<string, ActionExecutor>> = {
  GetCase: getCase,
  CreateCase: createCase,
  UpdateCase: updateCase,
};
