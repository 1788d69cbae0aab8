import { type ActionOutcome, failed, NEXT } from "./conditions.ts";
import { ATTRIBUTE_KEY } from "./contact-rules.ts";
import type { ContactSetting } from "./contact-setting.ts";
import { type ActionContext, type ActionExecutor, stringParam } from "./flow-context.ts";
import type { FlowAction } from "./flow-document.ts";
import type { QueueRef, TransferOutcome } from "./flow-host.ts";
import { containsReference, resolveParameterText } from "./references.ts";

/** Contact attributes cap, keys and values together (protocols.md §9). */
export const MAX_ATTRIBUTE_BYTES = 32_768;

export function attributeBytes(attributes: Readonly<Record<string, string>>): number {
  let total = 0;
  for (const [key, value] of Object.entries(attributes)) {
    total += Buffer.byteLength(key, "utf8") + Buffer.byteLength(value, "utf8");
  }
  return total;
}

/** QueueId or AgentId of an action, references resolved; undefined when neither is set. */
export function queueRefOf(action: FlowAction, ctx: ActionContext): QueueRef | undefined {
  const queueId = stringParam(action, "QueueId");
  if (queueId !== undefined) return { queueId: resolveParameterText(queueId, ctx.scope()) };
  const agentId = stringParam(action, "AgentId");
  if (agentId !== undefined) return { agentId: resolveParameterText(agentId, ctx.scope()) };
  return undefined;
}

/** All-or-nothing: every key and value resolves and the result fits under the cap, or nothing changes. */
const updateContactAttributes: ActionExecutor = async (action, ctx) => {
  const scope = ctx.scope();
  const target = stringParam(action, "TargetContact") === "Related" ? "Related" : "Current";
  const updates: Record<string, string> = {};
  for (const [rawKey, rawValue] of Object.entries(
    action.Parameters.Attributes as Record<string, string>,
  )) {
    const key = containsReference(rawKey) ? resolveParameterText(rawKey, scope) : rawKey;
    if (!ATTRIBUTE_KEY.test(key))
      return failed(`attribute key ${JSON.stringify(key)} is not valid`);
    updates[key] = resolveParameterText(rawValue, scope);
  }
  if (target === "Current") {
    const merged = { ...ctx.host.contactData().attributes, ...updates };
    const bytes = attributeBytes(merged);
    if (bytes > MAX_ATTRIBUTE_BYTES) {
      return failed(`attributes would be ${bytes} bytes, over the ${MAX_ATTRIBUTE_BYTES}-byte cap`);
    }
  }
  const ok = await ctx.host.updateAttributes(target, updates);
  return ok ? NEXT : failed(`the ${target.toLowerCase()} contact refused the update`);
};

const updateContactTargetQueue: ActionExecutor = async (action, ctx) => {
  const ref = queueRefOf(action, ctx);
  if (!ref) return failed("no QueueId or AgentId");
  const queue = await ctx.host.setWorkingQueue(ref);
  return queue ? NEXT : failed(`unknown queue ${JSON.stringify(ref)}`);
};

function transferred(outcome: TransferOutcome): ActionOutcome {
  switch (outcome.kind) {
    case "queued":
      // Queueing hands the contact to the queue; the flow stops here (no success branch).
      return { kind: "end", end: { kind: "queued", queue: outcome.queue } };
    case "atCapacity":
      return { kind: "error", error: "QueueAtCapacity" };
    case "failed":
      return failed(outcome.reason);
  }
}

const transferContactToQueue: ActionExecutor = async (_action, ctx) => {
  if (!ctx.host.contactData().queue) return failed("no working queue is set");
  return transferred(await ctx.host.transferToQueue({ fromQueue: false }));
};

const dequeueContactAndTransferToQueue: ActionExecutor = async (action, ctx) => {
  const ref = queueRefOf(action, ctx);
  if (!ref) return failed("no QueueId or AgentId");
  return transferred(await ctx.host.transferToQueue({ ref, fromQueue: true }));
};

function settingExecutor(
  build: (action: FlowAction, ctx: ActionContext) => ContactSetting | string,
): ActionExecutor {
  return async (action, ctx) => {
    const setting = build(action, ctx);
    if (typeof setting === "string") return failed(setting);
    const ok = await ctx.host.applySetting(setting);
    return ok ? NEXT : failed(`the contact refused the ${setting.kind} setting`);
  };
}

const mediaStreaming = settingExecutor((action, ctx) => {
  if (ctx.host.contactData().channel !== "VOICE") return "media streaming is voice only";
  return {
    kind: "mediaStreaming",
    enabled: stringParam(action, "MediaStreamingState") === "Enabled",
  };
});

const eventHooks = settingExecutor((action, ctx) => {
  const scope = ctx.scope();
  const hooks: Record<string, string> = {};
  for (const [name, value] of Object.entries(
    action.Parameters.EventHooks as Record<string, string>,
  )) {
    hooks[name] = resolveParameterText(value, scope);
  }
  return { kind: "eventHooks", hooks };
});

const recording = settingExecutor((action) => ({
  kind: "recording",
  parameters: action.Parameters,
}));

const textToSpeechVoice = settingExecutor((action, ctx) => {
  const engine = stringParam(action, "TextToSpeechEngine")?.toLowerCase();
  return {
    kind: "voice",
    voiceId: resolveParameterText(stringParam(action, "TextToSpeechVoice") ?? "", ctx.scope()),
    ...(engine ? { engine } : {}),
  };
});

const contactData = settingExecutor((action, ctx) => {
  const language = stringParam(action, "LanguageCode");
  if (language === undefined)
    return { kind: "language", languageCode: ctx.host.contactData().languageCode ?? "" };
  const languageCode = resolveParameterText(language, ctx.scope());
  return languageCode ? { kind: "language", languageCode } : "LanguageCode resolved to nothing";
});

/** Logging has no error branch; a refusal is ignored. */
const updateFlowLoggingBehavior: ActionExecutor = async (action, ctx) => {
  const enabled = stringParam(action, "FlowLoggingBehavior") === "Enabled";
  await ctx.host.applySetting({ kind: "flowLogging", enabled });
  return NEXT;
};

export const contactExecutors: Record<string, ActionExecutor> = {
  UpdateContactAttributes: updateContactAttributes,
  UpdateContactTargetQueue: updateContactTargetQueue,
  TransferContactToQueue: transferContactToQueue,
  DequeueContactAndTransferToQueue: dequeueContactAndTransferToQueue,
  UpdateContactRecordingBehavior: recording,
  UpdateContactRecordingAndAnalyticsBehavior: recording,
  UpdateContactMediaStreamingBehavior: mediaStreaming,
  UpdateContactEventHooks: eventHooks,
  UpdateContactTextToSpeechVoice: textToSpeechVoice,
  UpdateContactData: contactData,
  UpdateFlowLoggingBehavior: updateFlowLoggingBehavior,
};
