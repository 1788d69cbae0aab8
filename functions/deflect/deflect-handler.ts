import { FUNCTION_METRICS } from "../../config/metric-names.ts";
import { isChannelKind } from "../../core/channel.ts";
import { idFromArn, instanceIdFromArn } from "../../core/contact.ts";
import { acceptOffer } from "../../core/deflection/accept-offer.ts";
import { checkOffer } from "../../core/deflection/check-offer.ts";
import { declineOffer } from "../../core/deflection/decline-offer.ts";
import type { DeflectionDeps } from "../../core/deflection/deflection-deps.ts";
import type { VoiceContact } from "../../core/deflection/voice-contact.ts";
import type { Logger } from "../../core/ports/logger.ts";
import { type ContactFlowEvent, contactFlowEventSchema } from "../shared/contact-flow-event.ts";
import type { FunctionMetrics } from "../shared/function-metrics.ts";
import { acceptAnswer, checkAnswer, type FlowAnswer, failureAnswer } from "./flow-answer.ts";

/** The part of the one Logger (core/ports/logger.ts) this edge calls. */
export type DeflectLogger = Pick<Logger, "warn" | "error">;

export interface DeflectHandlerOptions {
  readonly deflection: DeflectionDeps;
  /** Always answer within this, well under the flow's InvocationTimeLimitSeconds. */
  readonly budgetMs: number;
  readonly logger: DeflectLogger;
  /** Counts each "no offer" answered because of a fault (bad event, budget, error). */
  readonly metrics?: FunctionMetrics;
}

/**
 * The contact-flow Lambda: parse the event, run the action (`Details.Parameters.action`:
 * check, accept or decline) within the time budget, answer flat strings. Nothing throws
 * to Connect: on any doubt the answer is "no offer" and the caller queues as usual.
 */
export function createDeflectHandler(options: DeflectHandlerOptions) {
  const failed = (reason: Parameters<typeof failureAnswer>[0]) => {
    options.metrics?.addMetric(FUNCTION_METRICS.handledErrors, "Count", 1);
    return failureAnswer(reason);
  };
  return async (rawEvent: unknown): Promise<FlowAnswer> => {
    const parsed = contactFlowEventSchema.safeParse(rawEvent);
    if (!parsed.success) {
      options.logger.warn("bad contact-flow event", { issues: parsed.error.issues.slice(0, 5) });
      return failed("BAD_EVENT");
    }
    const event = parsed.data;
    const action = event.Details.Parameters.action;
    try {
      return await withinBudget(options.budgetMs, () => run(options.deflection, event));
    } catch (error) {
      if (error instanceof BudgetExceeded) {
        options.logger.warn("deflect action ran out of time", {
          action,
          budgetMs: options.budgetMs,
        });
        return failed("TIMEOUT");
      }
      options.logger.error("deflect action failed", { action, error });
      return failed("INTERNAL_ERROR");
    }
  };
}

async function run(deps: DeflectionDeps, event: ContactFlowEvent): Promise<FlowAnswer> {
  const parameters = event.Details.Parameters;
  const contact = voiceContact(event);
  switch (parameters.action) {
    case "check":
      return checkAnswer(
        await checkOffer(deps, { contact, inQueue: parameters.stage === "queue" }),
        contact.languageCode,
      );
    case "accept": {
      const channel = parameters.channel;
      const waitMinutes = Number(parameters.waitMinutes);
      return acceptAnswer(
        await acceptOffer(deps, {
          contact,
          ...(channel && isChannelKind(channel) ? { channel } : {}),
          ...(Number.isFinite(waitMinutes) && waitMinutes > 0
            ? { waitSeconds: waitMinutes * 60 }
            : {}),
        }),
        contact.languageCode,
      );
    }
    case "decline": {
      const { recorded } = await declineOffer(deps, { contact });
      return { recorded: String(recorded), reason: recorded ? "DECLINED" : "NO_OPEN_OFFER" };
    }
    default:
      return failureAnswer("BAD_EVENT");
  }
}

function voiceContact(event: ContactFlowEvent): VoiceContact {
  const data = event.Details.ContactData;
  const queueArn = data.Queue?.ARN;
  const queueName = data.Queue?.Name;
  const customerNumber = data.CustomerEndpoint?.Address;
  const languageCode = event.Details.Parameters.language || data.LanguageCode;
  return {
    instanceId: instanceIdFromArn(data.InstanceARN) ?? "",
    contactId: data.ContactId,
    ...(queueArn ? { queueId: idFromArn(queueArn) } : {}),
    ...(queueName ? { queueName } : {}),
    ...(languageCode ? { languageCode } : {}),
    ...(customerNumber ? { customerNumber } : {}),
    attributes: data.Attributes ?? {},
  };
}

class BudgetExceeded extends Error {}

async function withinBudget<T>(budgetMs: number, task: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BudgetExceeded()), budgetMs);
  });
  try {
    return await Promise.race([task(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
