import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { TranscribeStreamingClient } from "@aws-sdk/client-transcribe-streaming";
import { createDocumentClients } from "../adapters/dynamodb/document-client.ts";
import { DynamoTranscriptSource } from "../adapters/dynamodb/dynamo-transcript-source.ts";
import { ensureTable } from "../adapters/dynamodb/table-definition.ts";
import { KinesisVideoCallAudio } from "../adapters/kinesis-video/kinesis-video-call-audio.ts";
import { TranscribeSpeechRecognizer } from "../adapters/transcribe/transcribe-speech-recognizer.ts";
import { Redactor } from "../core/redaction/redactor.ts";
import { type CaptureReport, captureTranscript } from "../core/transcript/capture-transcript.ts";
import { startLocalDynamo } from "../emulators/dynamodb/local-dynamodb.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const CALLS = 50;
const QUESTIONS = 3;
// What the child's emulators do: Connect's 1 s fragments, Transcribe's end-of-utterance wait.
const FRAGMENT_MS = 1000;
const END_OF_UTTERANCE_MS = 200;
const LOCAL = {
  region: "us-east-1",
  credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
};

interface StartedCall {
  readonly contactId: string;
  readonly streamArn: string;
  readonly startFragmentNumber: string;
  readonly startTimestamp: string;
}

/**
 * `npm run bench -- transcript`: 50 calls transcribed at once. Connect (streaming 1 s
 * fragments on the wall clock, as Connect writes them), Kinesis Video, Transcribe and the
 * speech engine run in a child process; this process runs only the worker's loop (GetMedia,
 * Matroska, the Transcribe event stream, the segment writes), so its CPU is the worker's.
 * Prints the worker's CPU per minute of audio, the share of one core the 50 calls took, and
 * the lag from the end of each utterance to its stored segment (p50, p99).
 */
export async function run(): Promise<void> {
  const dynamo = await startLocalDynamo({ inChildProcess: true });
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(HERE, "support", "call-audio-child.ts")],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  try {
    const urls = JSON.parse((await lines.next()).value as string) as {
      kinesisVideo: string;
      transcribe: string;
    };
    const { client, documentClient } = createDocumentClients({
      ...LOCAL,
      endpoint: dynamo.endpoint,
    });
    const table = { documentClient, tableName: "bench-transcript" };
    await ensureTable(client, table.tableName);
    const deps = {
      audio: new KinesisVideoCallAudio({ ...LOCAL, endpoint: urls.kinesisVideo }),
      recognizer: new TranscribeSpeechRecognizer({
        client: new TranscribeStreamingClient({ ...LOCAL, endpoint: urls.transcribe }),
      }),
      transcripts: new DynamoTranscriptSource(table),
      redactor: new Redactor(),
      clock: { now: () => new Date() },
    };
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    child.stdin.write(`${JSON.stringify({ calls: CALLS, questions: QUESTIONS })}\n`);
    const captures: Promise<CaptureReport>[] = [];
    for (let i = 0; i < CALLS; i++) {
      const call = JSON.parse((await lines.next()).value as string) as StartedCall;
      const job = {
        instanceId: "bench",
        stream: call,
        streamStartedAtMs: Math.round(Number(call.startTimestamp)),
        languageCode: "en-US",
      };
      // Each call its own signals, as each worker invocation has.
      const never = () => new AbortController().signal;
      captures.push(captureTranscript(deps, { job, stopListening: never(), abort: never() }));
    }
    const reports = await Promise.all(captures);
    const cpu = process.cpuUsage(cpuBefore);
    const wallMs = performance.now() - wallBefore;
    printFigures({ reports, cpuMs: (cpu.user + cpu.system) / 1000, wallMs });
  } finally {
    child.stdin.end();
    child.kill("SIGTERM");
    await dynamo.close();
  }
}

function printFigures(run: { reports: CaptureReport[]; cpuMs: number; wallMs: number }): void {
  const { reports, cpuMs, wallMs } = run;
  const audioMinutes = reports.reduce((sum, r) => sum + r.audioMs, 0) / 60_000;
  const segments = reports.flatMap((r) => r.segments).filter((s) => s.lagMs !== undefined);
  const lags = sorted(segments.map((s) => s.lagMs ?? 0));
  // What came before the worker could act: the end of speech plus Transcribe's end-of-utterance
  // wait, up to the end of the fragment that holds it (fragments start at offset 0).
  const own = sorted(
    segments.map((s) => {
      const needed = s.endOffsetMs + END_OF_UTTERANCE_MS;
      const available = Math.ceil(needed / FRAGMENT_MS) * FRAGMENT_MS;
      return (s.lagMs ?? 0) - (available - s.endOffsetMs);
    }),
  );
  const at = (values: number[], q: number) =>
    values[Math.min(values.length - 1, Math.floor(q * values.length))] ?? Number.NaN;
  const expected = CALLS * QUESTIONS;
  const share = cpuMs / wallMs;
  console.log(
    `calls transcribed at once                 ${CALLS} (${QUESTIONS} utterances each, 1 s fragments)`,
  );
  console.log(`segments stored                           ${lags.length} of ${expected}`);
  console.log(
    `audio read                                ${audioMinutes.toFixed(1)} min in ${(wallMs / 1000).toFixed(1)} s`,
  );
  console.log(`worker CPU per minute of audio            ${(cpuMs / audioMinutes).toFixed(0)} ms`);
  console.log(
    `CPU of the ${CALLS} calls                        ${(share * 100).toFixed(1)} % of one core (≤ 100 %: ${share <= 1 ? "ok" : "OVER"}; about ${Math.floor(CALLS / share)} calls per core)`,
  );
  console.log(
    `lag, end of speech → stored segment       p50 ${at(lags, 0.5).toFixed(0)} ms  p99 ${at(lags, 0.99).toFixed(0)} ms  max ${(lags.at(-1) ?? Number.NaN).toFixed(0)} ms  (≤ 1,000 ms at p99: ${at(lags, 0.99) <= 1000 ? "ok" : "OVER"})`,
  );
  console.log(
    `  of it the worker's, from the fragment     p50 ${at(own, 0.5).toFixed(0)} ms  p99 ${at(own, 0.99).toFixed(0)} ms  (the rest: waiting for the ${FRAGMENT_MS} ms fragment that holds the end of speech and ${END_OF_UTTERANCE_MS} ms after it)`,
  );
}

function sorted(values: number[]): number[] {
  return [...values].sort((a, b) => a - b);
}
