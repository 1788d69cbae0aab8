import * as z from "zod";
import {
  connectEndpoint,
  connectPacing,
  connectParticipantEndpoint,
  customerText,
  dynamoEndpoint,
  redactPatterns,
  region,
  tableName,
  tokenKey,
} from "./common-settings.ts";
import { blankIsUnset, oneOf, optionalText, requiredText, transcriptSource } from "./env-values.ts";
import { ENV } from "./environment-names.ts";
import {
  redactionKinds,
  redactionSettings,
  redactPatterns as redactPatternsValue,
} from "./redaction-values.ts";
import { processEnvironmentWithSecrets } from "./secret-environment.ts";
import { type ConfigOf, combined, type Environment, loadSettings, setting } from "./setting.ts";

// Standard topics only; FIFO topics are refused by StartContactStreaming (protocols.md §3.4).
const standardTopicArn = z.preprocess(
  blankIsUnset,
  z
    .string()
    .regex(
      /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/,
      "expected a standard SNS topic ARN",
    )
    .optional(),
);

/** How the relay hears of a new chat: the SNS topic chats stream to, or the live list. */
const relay = combined(
  {
    [ENV.relayMode]: oneOf(["streaming", "websocket"]),
    [ENV.resumeRelayTopicArn]: standardTopicArn,
  },
  (e, ctx) => {
    if (e[ENV.relayMode] === "websocket") return Object.freeze({ mode: "websocket" as const });
    const topicArn = e[ENV.resumeRelayTopicArn];
    if (topicArn !== undefined) return Object.freeze({ mode: "streaming" as const, topicArn });
    ctx.addIssue({
      code: "custom",
      path: [ENV.resumeRelayTopicArn],
      message: "is required when the relay runs on chat streaming",
    });
    return z.NEVER;
  },
);

/**
 * Where the call's words come from (DEFLECT_TRANSCRIPT_SOURCE): the transcript worker's
 * segments in the table, Contact Lens real-time analysis of the instance, or nothing.
 */
const transcripts = combined(
  { [ENV.transcriptSource]: transcriptSource, [ENV.resumeInstanceId]: optionalText },
  (e, ctx) => {
    const source = e[ENV.transcriptSource];
    if (source !== "contact-lens") return Object.freeze({ source });
    // Contact Lens is asked per instance and contact; the transcript port passes only the contact.
    const instanceId = e[ENV.resumeInstanceId];
    if (instanceId !== undefined) return Object.freeze({ source, instanceId });
    ctx.addIssue({
      code: "custom",
      path: [ENV.resumeInstanceId],
      message: `is required when ${ENV.transcriptSource} is contact-lens`,
    });
    return z.NEVER;
  },
);

/** What is removed from the customer's own messages on their way into the chat. */
const customerMessageRedaction = combined(
  {
    [ENV.resumeRedactCustomerMessages]: redactionKinds(["card-numbers"]),
    [ENV.redactPatterns]: redactPatternsValue,
  },
  (e) => redactionSettings(e[ENV.resumeRedactCustomerMessages], e[ENV.redactPatterns]),
);

/** The resume function's settings: each field, its variable and its rule, once. */
const RESUME_SETTINGS = {
  region,
  tableName,
  dynamoEndpoint,
  connectEndpoint,
  connectParticipantEndpoint,
  connectPacing,
  instanceId: setting(ENV.resumeInstanceId, optionalText),
  contactFlowId: setting(ENV.resumeContactFlowId, requiredText),
  relay,
  tokenKey,
  /** Removed from the call context (summary and attributes) besides cards and ids. */
  redactPatterns,
  customerMessageRedaction,
  displayName: setting(ENV.resumeDisplayName, optionalText.default("Customer")),
  /** Sent once to a customer whose chat cannot open yet (the active-chat limit). */
  waitingLineText: customerText(
    ENV.resumeWaitingLineText,
    "All our agents are busy right now. You're in line, and your messages are kept: " +
      "an agent will answer here as soon as one is free.",
  ),
  transcripts,
};

export type ResumeConfig = ConfigOf<typeof RESUME_SETTINGS>;

/** Parses the resume function's environment once. Throws InvalidConfigError naming the key. */
export function loadResumeConfig(env: Environment): ResumeConfig {
  return loadSettings("resume", RESUME_SETTINGS, env);
}

/** The resume function's configuration, from this process's environment. */
export function resumeConfigFromEnvironment(): ResumeConfig {
  return loadResumeConfig(process.env);
}

/** The resume function's configuration, with the deployment's secret (the token key) merged in. */
export async function resumeConfigFromEnvironmentWithSecrets(): Promise<ResumeConfig> {
  return loadResumeConfig(await processEnvironmentWithSecrets());
}
