import { failed, NEXT } from "./conditions.ts";
import type { OutboundChatRequest } from "./contact-setting.ts";
import { type ActionContext, type ActionExecutor, E164, stringParam } from "./flow-context.ts";
import type { FlowAction } from "./flow-document.ts";
import { resolveParameterText, resolveText } from "./references.ts";

type Fields = Readonly<Record<string, string>>;

function resolvedFields(value: unknown, ctx: ActionContext): Record<string, string> {
  const scope = ctx.scope();
  return Object.fromEntries(
    Object.entries((value as Fields | undefined) ?? {}).map(([key, text]) => [
      key,
      resolveParameterText(text, scope),
    ]),
  );
}

function connectionLimit(action: FlowAction, ctx: ActionContext): number | undefined {
  const raw = stringParam(action, "ConnectionTimeLimitSeconds");
  if (raw === undefined) return undefined;
  const text = resolveParameterText(raw, ctx.scope());
  return /^\d+$/.test(text) ? Number(text) : Number.NaN;
}

/**
 * Dials the customer of an outbound contact. The caller ID is ignored with a voice connector
 * (CompleteOutboundCall page); a call that cannot be placed takes the error branch, which with
 * none listed ends the flow, as the block page's "the call is disconnected" says.
 */
const completeOutboundCall: ActionExecutor = async (action, ctx) => {
  if (ctx.host.contactData().channel !== "VOICE") return failed("an outbound call is voice only");
  const connector = action.Parameters.VoiceConnector;
  const callerId = (action.Parameters.CallerId as { Number?: string } | undefined)?.Number;
  const number = callerId && !connector ? resolveParameterText(callerId, ctx.scope()) : undefined;
  if (number !== undefined && !E164.test(number)) {
    return failed(`caller ID ${JSON.stringify(number)} is not an E.164 number`);
  }
  const limit = connectionLimit(action, ctx);
  if (Number.isNaN(limit) || (limit !== undefined && (limit < 1 || limit > 600))) {
    return failed("ConnectionTimeLimitSeconds did not resolve to 1–600");
  }
  const placed = await ctx.host.applySetting({
    kind: "outboundCall",
    ...(number ? { callerIdNumber: number } : {}),
    ...(connector ? { voiceConnector: resolvedFields(connector, ctx) } : {}),
    ...(limit !== undefined ? { connectionTimeLimitSeconds: limit } : {}),
  });
  return placed ? NEXT : failed("the outbound call could not be connected");
};

/** Branches on answering-machine detection; a contact that is no campaign call has none. */
const checkOutboundCallStatus: ActionExecutor = async (_action, ctx) => {
  if (ctx.host.contactData().channel !== "VOICE") return failed("call progress is voice only");
  const status = await ctx.host.outboundCallStatus?.();
  if (!status) return failed("the contact is not an outbound campaign call");
  return { kind: "result", value: status };
};

function chatRequest(action: FlowAction, ctx: ActionContext): OutboundChatRequest {
  const scope = ctx.scope();
  const address = (field: string) =>
    resolveParameterText(
      (action.Parameters[field] as { Address?: string } | undefined)?.Address ?? "",
      scope,
    );
  const message = (action.Parameters.InitialSystemMessage as { Content?: string } | undefined)
    ?.Content;
  const related = stringParam(action, "RelatedContact") === "CURRENT";
  return {
    sourcePhoneNumberArn: address("SourceEndpoint"),
    destinationPhoneNumber: address("DestinationEndpoint"),
    contactFlowArn: resolveParameterText(stringParam(action, "ContactFlowArn") ?? "", scope),
    subtype: "connect:SMS",
    ...(message ? { initialMessage: resolveText(message, scope) } : {}),
    ...(related ? { relatedContactId: ctx.host.contactData().contactId } : {}),
  };
}

/** Starts an SMS contact from one of the instance's numbers; the current flow carries on. */
const startOutboundChatContact: ActionExecutor = async (action, ctx) => {
  const request = chatRequest(action, ctx);
  if (!E164.test(request.destinationPhoneNumber)) {
    return failed(`destination ${JSON.stringify(request.destinationPhoneNumber)} is not E.164`);
  }
  const contactId = await ctx.host.startOutboundChat?.(request);
  if (!contactId) {
    return failed(`${JSON.stringify(request.sourcePhoneNumberArn)} is not an SMS number here`);
  }
  return NEXT;
};

export const outboundExecutors: Readonly<Record<string, ActionExecutor>> = {
  CompleteOutboundCall: completeOutboundCall,
  CheckOutboundCallStatus: checkOutboundCallStatus,
  StartOutboundChatContact: startOutboundChatContact,
};
