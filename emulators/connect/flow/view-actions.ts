import { type ActionExecutor, stringParam } from "./flow-context.ts";
import { type ReferenceScope, resolveParameter, resolveParameterText } from "./references.ts";
import { raceWithTimeout } from "./timing.ts";

// The block's own default in the console [unverified]; flows normally set it.
const DEFAULT_VIEW_SECONDS = 400;

/**
 * Shows a view to the agent and branches on their choice. Only an agent UI flow (the
 * DefaultAgentUI event hook) has an agent to show it to; anywhere else the emulator takes the
 * error branch rather than guess how the customer's chat would render it.
 */
const showView: ActionExecutor = async (action, ctx) => {
  if (ctx.host.contactData().channel !== "CHAT") {
    return { kind: "error", error: "NoMatchingError", detail: "ShowView is chat only" };
  }
  const show = ctx.host.showView?.bind(ctx.host);
  if (!show) {
    return {
      kind: "error",
      error: "NoMatchingError",
      detail: "no agent workspace here: ShowView runs in the flow of the DefaultAgentUI hook",
    };
  }
  const scope = ctx.scope();
  const resource = action.Parameters.ViewResource as { Id: string };
  const viewId = resolveParameterText(resource.Id, scope);
  const viewData = resolveDeep(action.Parameters.ViewData ?? {}, scope) as Record<string, unknown>;
  const seconds = Number(
    resolveParameterText(stringParam(action, "InvocationTimeLimitSeconds") ?? "", scope) ||
      DEFAULT_VIEW_SECONDS,
  );
  const raced = await raceWithTimeout({
    clock: ctx.host.clock,
    timeoutMs: seconds * 1000,
    parent: ctx.signal,
    task: (signal) => show({ viewId, viewData, signal }),
  });
  if (raced.kind === "timeout") return { kind: "error", error: "TimeLimitExceeded" };
  return { kind: "result", value: raced.value };
};

/** ViewData values may be static or `$.` references at any depth (ShowView, ViewData). */
function resolveDeep(value: unknown, scope: ReferenceScope): unknown {
  if (typeof value === "string") return resolveParameter(value, scope);
  if (Array.isArray(value)) return value.map((item) => resolveDeep(item, scope));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resolveDeep(item, scope)]),
    );
  }
  return value;
}

export const viewExecutors: Record<string, ActionExecutor> = { ShowView: showView };
