import { KinesisVideoStreamStore } from "../../kinesis-video/stream-store.ts";
import type { ManualClock } from "../../shared-http/clock.ts";
import type { SpeechEngine } from "../../speech/index.ts";
import { type ConnectEmulator, startConnectEmulator } from "../connect-emulator.ts";
import type { InstanceSeed } from "../model/instance-seed.ts";
import { testInstance } from "./clients.ts";

/** Real-time voice analytics, as the console exports "Set recording and analytics behavior". */
export const REAL_TIME_RECORDING = {
  Type: "UpdateContactRecordingBehavior",
  Parameters: {
    RecordingBehavior: { RecordedParticipants: ["Agent", "Customer"] },
    AnalyticsBehavior: {
      Enabled: "True",
      AnalyticsLanguage: "en-US",
      AnalyticsRedactionBehavior: "Disabled",
      AnalyticsRedactionResults: "None",
      ChannelConfiguration: {
        Chat: { AnalyticsModes: [] },
        Voice: { AnalyticsModes: ["RealTime"] },
      },
    },
  },
} as const;

/** The same through the newer block (flow language: UpdateContactRecordingAndAnalyticsBehavior). */
export const REAL_TIME_VOICE_BEHAVIOR = {
  Type: "UpdateContactRecordingAndAnalyticsBehavior",
  Parameters: {
    VoiceBehavior: {
      VoiceRecordingBehavior: {
        RecordedParticipants: ["Agent", "Customer"],
        IVRRecordingBehavior: "Enabled",
      },
      VoiceAnalyticsBehavior: {
        Enabled: "True",
        AnalyticsLanguage: "en-US",
        AnalyticsModes: ["RealTime", "AutomatedInteraction"],
      },
    },
  },
} as const;

/** Post-call analytics only: no real-time session. */
export const POST_CALL_RECORDING = {
  Type: "UpdateContactRecordingBehavior",
  Parameters: {
    RecordingBehavior: { RecordedParticipants: ["Agent", "Customer"] },
    AnalyticsBehavior: {
      Enabled: "True",
      AnalyticsLanguage: "en-US",
      ChannelConfiguration: { Voice: { AnalyticsModes: ["PostContact"] } },
    },
  },
} as const;

type RecordingBlock = { readonly Type: string; readonly Parameters: object };

/**
 * A voice flow that sets `recording` (if any), then asks why the caller is calling and keeps
 * listening (speech is not DTMF, so each sentence is heard and the block waits again).
 */
export function listeningFlow(recording?: RecordingBlock) {
  const onError = (next: string) => [{ ErrorType: "NoMatchingError", NextAction: next }];
  const ask = {
    Identifier: "ask",
    Type: "GetParticipantInput",
    Parameters: {
      Text: "Tell us why you are calling.",
      StoreInput: "False",
      InputTimeLimitSeconds: "120",
    },
    Transitions: {
      NextAction: "bye",
      Conditions: [{ NextAction: "bye", Condition: { Operator: "Equals", Operands: ["1"] } }],
      Errors: [
        { ErrorType: "InputTimeLimitExceeded", NextAction: "bye" },
        { ErrorType: "NoMatchingCondition", NextAction: "bye" },
        ...onError("bye"),
      ],
    },
  };
  const bye = { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} };
  const first = recording
    ? [
        {
          Identifier: "analytics",
          ...recording,
          Transitions: { NextAction: "ask", Errors: onError("ask") },
        },
      ]
    : [];
  return {
    Version: "2019-10-30",
    StartAction: recording ? "analytics" : "ask",
    Actions: [...first, ask, bye],
  };
}

/** The test instance with the listening flows: real-time, newer block, post-call, none. */
export const analysedInstance: InstanceSeed = {
  ...testInstance,
  alias: "lens",
  flows: [
    ...testInstance.flows,
    { name: "real-time", content: listeningFlow(REAL_TIME_RECORDING) },
    { name: "real-time-v2", content: listeningFlow(REAL_TIME_VOICE_BEHAVIOR) },
    { name: "post-call", content: listeningFlow(POST_CALL_RECORDING) },
    { name: "no-analytics", content: listeningFlow() },
  ],
};

/**
 * The Connect emulator on a manual clock with callers voiced by `voice` and Contact Lens
 * hearing them with `speech` (one shared engine unless a test wants strangers).
 */
export async function startAnalysedConnect(options: {
  clock: ManualClock;
  voice: SpeechEngine;
  speech?: SpeechEngine;
}): Promise<ConnectEmulator> {
  const streams = new KinesisVideoStreamStore({ clock: options.clock });
  // The analytics answers are under test; their readers poll faster than 2 a second.
  return startConnectEmulator({
    quotas: "off",
    clock: options.clock,
    instance: analysedInstance,
    media: { streams, voice: options.voice.callVoice },
    ...(options.speech ? { speech: options.speech } : {}),
  });
}
