import { failed } from "./conditions.ts";
import { type ActionExecutor, stringParam } from "./flow-context.ts";
import { resolveParameterText } from "./references.ts";
import type { VoiceIdOption } from "./voice-id-rules.ts";

const checkVoiceId: ActionExecutor = async (action, ctx) => {
  if (ctx.host.contactData().channel !== "VOICE") return failed("Voice ID is voice only");
  const option = stringParam(action, "CheckVoiceIdOption") as VoiceIdOption;
  const result = await ctx.host.checkVoiceId?.(option);
  return result ? { kind: "result", value: result } : failed(`no Voice ID answer for ${option}`);
};

const startVoiceIdStream: ActionExecutor = async (_action, ctx) => {
  if (ctx.host.contactData().channel !== "VOICE") return failed("Voice ID is voice only");
  const ok = await ctx.host.applySetting({ kind: "voiceIdStream" });
  return ok ? { kind: "next" } : failed("the contact refused the Voice ID stream");
};

/** An assistant session for the contact; `$.Wisdom.SessionArn` names it afterwards. */
const createWisdomSession: ActionExecutor = async (action, ctx) => {
  const assistantArn = resolveParameterText(
    stringParam(action, "WisdomAssistantArn") ?? "",
    ctx.scope(),
  );
  const sessionArn = assistantArn ? await ctx.host.createWisdomSession?.(assistantArn) : undefined;
  if (!sessionArn) return failed(`no assistant ${JSON.stringify(assistantArn)}`);
  ctx.state.wisdom = { SessionArn: sessionArn };
  return { kind: "next" };
};

export const voiceIdExecutors: Readonly<Record<string, ActionExecutor>> = {
  CheckVoiceId: checkVoiceId,
  StartVoiceIdStream: startVoiceIdStream,
  CreateWisdomSession: createWisdomSession,
};
