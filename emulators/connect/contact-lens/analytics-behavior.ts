import type { Contact } from "../model/contact.ts";

// Connect's language when no flow set one (the default voice is Joanna, en-US).
const DEFAULT_LANGUAGE_CODE = "en-US";

type Parameters = Readonly<Record<string, unknown>>;

function record(value: unknown): Parameters | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Parameters)
    : undefined;
}

// The flow language writes "True"/"False" as strings; hand-written flows also use booleans.
const isTrue = (value: unknown) => String(value).toLowerCase() === "true";

function realTimeIn(modes: unknown): boolean {
  return Array.isArray(modes) && modes.includes("RealTime");
}

/**
 * The analytics part of a recording block when it turns on real-time voice analysis, in
 * either exported shape (flow language reference, "UpdateContactRecordingBehavior" and
 * "UpdateContactRecordingAndAnalyticsBehavior"):
 * - `AnalyticsBehavior { Enabled: "True", AnalyticsLanguage, ChannelConfiguration: { Voice:
 *   { AnalyticsModes: ["RealTime", …] } } }`;
 * - `VoiceBehavior { VoiceAnalyticsBehavior { Enabled: "True", AnalyticsLanguage,
 *   AnalyticsModes: ["RealTime", …] } }`.
 * An `AnalyticsBehavior` without `ChannelConfiguration` (the older export) is taken as
 * post-call only: that is this emulator's choice, the mode it meant is not documented.
 */
export function realTimeVoiceAnalytics(
  parameters: Parameters,
): { readonly languageCode?: string } | undefined {
  const legacy = record(parameters.AnalyticsBehavior);
  const voice = record(record(parameters.VoiceBehavior)?.VoiceAnalyticsBehavior);
  const modes = legacy
    ? record(record(legacy.ChannelConfiguration)?.Voice)?.AnalyticsModes
    : voice?.AnalyticsModes;
  const behavior = legacy ?? voice;
  if (!behavior || !isTrue(behavior.Enabled) || !realTimeIn(modes)) return undefined;
  const language = behavior.AnalyticsLanguage;
  return typeof language === "string" && language !== "" ? { languageCode: language } : {};
}

/**
 * Records on a voice contact that Contact Lens analyses it in real time from now on, when the
 * block enables that. Turning it off again later in the flow is not modelled.
 */
export function startRealTimeAnalysis(options: {
  contact: Contact;
  parameters: Parameters;
  now: number;
}): void {
  const { contact } = options;
  if (contact.channel !== "VOICE" || contact.realTimeAnalysis) return;
  const analytics = realTimeVoiceAnalytics(options.parameters);
  if (!analytics) return;
  contact.realTimeAnalysis = {
    startedAt: options.now,
    languageCode: analytics.languageCode ?? contact.languageCode ?? DEFAULT_LANGUAGE_CODE,
  };
}
