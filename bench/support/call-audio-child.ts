import { createInterface } from "node:readline";
import { startConnectEmulator } from "../../emulators/connect/connect-emulator.ts";
import { startKinesisVideoEmulator } from "../../emulators/kinesis-video/kinesis-video-emulator.ts";
import { KinesisVideoStreamStore } from "../../emulators/kinesis-video/stream-store.ts";
import { SpeechEngine } from "../../emulators/speech/index.ts";
import { startTranscribeEmulator } from "../../emulators/transcribe/server.ts";

/** What each bench caller says, one sentence per question. */
export const BENCH_SENTENCES = [
  "I was charged twice for my order this month.",
  "My internet keeps dropping out every evening.",
  "The parcel I ordered last week never arrived.",
  "I want to change the address on my account.",
];
const INSTANCE = {
  instanceId: "bbbbbbbb-0000-0000-0000-000000000001",
  queues: [{ name: "Support" }],
};
const QUESTION_SECONDS = 6;

/** A flow that streams the call, asks three questions the caller answers aloud, and hangs up. */
function benchFlow(questions: number) {
  const ask = (i: number) => ({
    Identifier: `ask-${i}`,
    Type: "GetParticipantInput",
    Parameters: {
      Text: "Tell us more.",
      StoreInput: "False",
      InputTimeLimitSeconds: String(QUESTION_SECONDS),
    },
    Transitions: {
      NextAction: i + 1 < questions ? `ask-${i + 1}` : "stop",
      Errors: ["InputTimeLimitExceeded", "NoMatchingCondition", "NoMatchingError"].map(
        (ErrorType) => ({
          ErrorType,
          NextAction: i + 1 < questions ? `ask-${i + 1}` : "stop",
        }),
      ),
    },
  });
  return {
    Version: "2019-10-30",
    StartAction: "stream",
    Actions: [
      {
        Identifier: "stream",
        Type: "UpdateContactMediaStreamingBehavior",
        Parameters: {
          MediaStreamingState: "Enabled",
          MediaStreamType: "Audio",
          Participants: [{ ParticipantType: "Customer", MediaDirections: ["From", "To"] }],
        },
        Transitions: {
          NextAction: "report",
          Errors: [{ ErrorType: "NoMatchingError", NextAction: "stop" }],
        },
      },
      {
        Identifier: "report",
        Type: "InvokeLambdaFunction",
        Parameters: {
          LambdaFunctionARN: "arn:aws:lambda:us-east-1:123456789012:function:report",
          InvocationTimeLimitSeconds: "3",
          ResponseValidation: { ResponseType: "STRING_MAP" },
        },
        Transitions: {
          NextAction: "ask-0",
          Errors: [{ ErrorType: "NoMatchingError", NextAction: "ask-0" }],
        },
      },
      ...Array.from({ length: questions }, (_, i) => ask(i)),
      {
        Identifier: "stop",
        Type: "UpdateContactMediaStreamingBehavior",
        Parameters: { MediaStreamingState: "Disabled" },
        Transitions: {
          NextAction: "bye",
          Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }],
        },
      },
      { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
    ],
  };
}

/**
 * The call-audio world in a process of its own, so the bench's process spends CPU on the
 * worker alone: Connect (media streaming, on the wall clock), Kinesis Video, Transcribe and the
 * speech engine. Prints `{"kinesisVideo", "transcribe"}` first; on a stdin line
 * `{"calls": n, "questions": q}` it places the calls and prints one line per call when its
 * stream starts (`{"contactId", "streamArn", "startFragmentNumber", "startTimestamp"}`).
 */
async function main(): Promise<void> {
  const speech = new SpeechEngine();
  // Warm the synthesis cache: the bench measures the worker, not espeak-ng.
  await Promise.all(
    BENCH_SENTENCES.map((text) =>
      speech.callVoice.render({ text, textType: "text", languageCode: "en-US" }),
    ),
  );
  const streams = new KinesisVideoStreamStore({ region: "us-east-1", accountId: "123456789012" });
  const kinesisVideo = await startKinesisVideoEmulator({ streams, idleEndMs: 1000 });
  const transcribe = await startTranscribeEmulator({ speech });
  const connect = await startConnectEmulator({
    instance: INSTANCE,
    media: { streams, voice: speech.callVoice },
  });
  connect.registerFunction("report", (event) => {
    const data = (event as { Details: { ContactData: Record<string, unknown> } }).Details
      .ContactData;
    const audio = (data.MediaStreams as { Customer: { Audio: Record<string, string> } }).Customer
      .Audio;
    process.stdout.write(
      `${JSON.stringify({ contactId: data.ContactId, streamArn: audio.StreamARN, startFragmentNumber: audio.StartFragmentNumber, startTimestamp: audio.StartTimestamp })}\n`,
    );
    return {};
  });
  process.stdout.write(
    `${JSON.stringify({ kinesisVideo: kinesisVideo.url, transcribe: transcribe.url })}\n`,
  );
  for await (const line of createInterface({ input: process.stdin })) {
    const { calls, questions } = JSON.parse(line) as { calls: number; questions: number };
    connect.instance.instance.addFlow({
      name: `bench-${questions}`,
      type: "CONTACT_FLOW",
      content: benchFlow(questions),
    });
    for (let i = 0; i < calls; i++) {
      const say = (q: number) => BENCH_SENTENCES[(i + q) % BENCH_SENTENCES.length] ?? "";
      // Speech ends at any point of a fragment, as real callers' does: a seeded spread.
      const after = (q: number) => 0.2 + (((i * 7 + q * 3) % 10) / 10) * 1.0;
      connect.control.placeVoiceCall({
        flow: `bench-${questions}`,
        customerNumber: `+1555000${String(i).padStart(4, "0")}`,
        caller: {
          steps: Array.from({ length: questions }, (_, q) => ({
            say: say(q),
            afterSeconds: after(q),
            forAction: `ask-${q}`,
          })),
          promptSeconds: 1,
        },
      });
      // Calls arrive over about two seconds, not all on one fragment boundary.
      await new Promise((resolve) => setTimeout(resolve, 2000 / calls));
    }
  }
  await Promise.all([connect.close(), kinesisVideo.close(), transcribe.close()]);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
