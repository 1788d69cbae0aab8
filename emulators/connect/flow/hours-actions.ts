import { type ActionExecutor, stringParam } from "./flow-context.ts";
import { isOpenAt } from "./open-hours.ts";
import { resolveParameterText } from "./references.ts";

/**
 * The named hours, or the working queue's, checked at the run's clock. Hours that do not
 * exist, or a queue without hours (an agent queue, per the block page), take the error branch.
 */
const checkHoursOfOperation: ActionExecutor = async (action, ctx) => {
  const raw = stringParam(action, "HoursOfOperationId");
  // "" is a deploy-time blank in an export; the load-time rule reads it as absent too.
  const hoursOfOperationId = raw ? resolveParameterText(raw, ctx.scope()) : undefined;
  const hours = await ctx.host.hoursOfOperation(
    hoursOfOperationId === undefined ? {} : { hoursOfOperationId },
  );
  if (!hours) {
    const detail =
      hoursOfOperationId === undefined
        ? "the working queue has no hours of operation"
        : `no hours of operation "${hoursOfOperationId}"`;
    return { kind: "error", error: "NoMatchingError", detail };
  }
  return { kind: "result", value: isOpenAt(hours, ctx.host.clock.now()) ? "True" : "False" };
};

export const hoursExecutors: Readonly<Record<string, ActionExecutor>> = {
  CheckHoursOfOperation: checkHoursOfOperation,
};
