import { failed } from "./conditions.ts";
import {
  type ActionContext,
  type ActionExecutor,
  playPrompt,
  resolvePrompt,
} from "./flow-context.ts";
import type { FlowAction } from "./flow-document.ts";
import type { LexBotRef } from "./flow-host.ts";
import { resolveParameterText } from "./references.ts";
import { raceWithTimeout } from "./timing.ts";

/**
 * How long the bot listens for the customer's first words: Lex V2's start timeout on voice
 * (10 s unless LexSessionAttributes say otherwise is this emulator's choice), and on chat the
 * block's LexTimeoutSeconds or, without it, 5 minutes (the console offers 1 minute to 7 days;
 * its default was not confirmed).
 */
const VOICE_LISTEN_MS = 10_000;
const CHAT_LISTEN_MS = 5 * 60_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

function botOf(action: FlowAction, ctx: ActionContext): LexBotRef | undefined {
  const scope = ctx.scope();
  const v2 = action.Parameters.LexV2Bot as { AliasArn?: string } | undefined;
  if (v2?.AliasArn !== undefined) {
    const aliasArn = resolveParameterText(v2.AliasArn, scope);
    return aliasArn ? { aliasArn } : undefined;
  }
  const v1 = action.Parameters.LexBot as { Name: string; Region: string; Alias: string };
  return {
    name: resolveParameterText(v1.Name, scope),
    region: resolveParameterText(v1.Region, scope),
    alias: resolveParameterText(v1.Alias, scope),
  };
}

function listenMs(action: FlowAction, ctx: ActionContext): number {
  if (ctx.host.contactData().channel === "VOICE") return VOICE_LISTEN_MS;
  const text = (action.Parameters.LexTimeoutSeconds as { Text?: string } | undefined)?.Text;
  const seconds = text ? Number(resolveParameterText(text, ctx.scope())) : Number.NaN;
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : CHAT_LISTEN_MS;
}

/**
 * Plays the prompt, hands the customer's next words (speech, keys or a message) to the bot,
 * and branches on the intent it recognised, which `$.Lex` then holds.
 */
const connectParticipantWithLexBot: ActionExecutor = async (action, ctx) => {
  const prompt = resolvePrompt(action.Parameters, ctx);
  if (prompt) {
    const played = await playPrompt(ctx, { actionId: action.Identifier, prompt });
    if (played === "hungUp") return { kind: "end", end: { kind: "hungUp" } };
  }
  const bot = botOf(action, ctx);
  if (!bot || !ctx.host.recognizeIntent) return failed("no Lex bot to talk to");
  const { clock, participant } = ctx.host;
  const heard = await raceWithTimeout({
    clock,
    timeoutMs: Math.min(listenMs(action, ctx), MAX_TIMER_MS),
    parent: ctx.signal,
    task: (signal) =>
      participant.awaitInput({ actionId: action.Identifier, storeInput: false }, signal),
  });
  if (heard.kind === "timeout") return { kind: "error", error: "InputTimeLimitExceeded" };
  const input = heard.value;
  if (input.kind === "hungUp") return { kind: "end", end: { kind: "hungUp" } };
  const utterance = input.kind === "dtmf" ? input.digits : input.text;
  const scope = ctx.scope();
  const sessionAttributes = Object.fromEntries(
    Object.entries(
      (action.Parameters.LexSessionAttributes as Record<string, string> | undefined) ?? {},
    ).map(([key, value]) => [key, resolveParameterText(value, scope)]),
  );
  const intent = await ctx.host.recognizeIntent({ bot, utterance, sessionAttributes });
  if (!intent) return failed(`the Lex bot ${JSON.stringify(bot)} was not found`);
  ctx.state.lex = {
    IntentName: intent.intentName,
    Slots: intent.slots,
    SessionAttributes: sessionAttributes,
    IntentConfidence: { Score: String(intent.confidence) },
  };
  return { kind: "result", value: intent.intentName };
};

export const lexExecutors: Readonly<Record<string, ActionExecutor>> = {
  ConnectParticipantWithLexBot: connectParticipantWithLexBot,
};
