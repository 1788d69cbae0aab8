/**
 * Amazon Transcribe streaming emulator: StartStreamTranscription over cleartext HTTP/2, as
 * @aws-sdk/client-transcribe-streaming speaks it (protocols.md §8.2). It recognises only the
 * utterances the shared speech engine synthesized (see README).
 */
import { randomUUID } from "node:crypto";
import {
  createServer,
  type Http2Session,
  type IncomingHttpHeaders,
  type ServerHttp2Stream,
} from "node:http2";
import type { AddressInfo } from "node:net";
import { SpeechEngine } from "../speech/index.ts";
import { TranscribeError } from "./transcribe-errors.ts";
import { parseStreamSettings } from "./transcribe-request.ts";
import {
  runTranscriptionSession,
  type TranscriptionSessionRecord,
} from "./transcription-session.ts";

export interface TranscribeEmulatorOptions {
  /** 0 (the default) picks a free port on 127.0.0.1. */
  readonly port?: number;
  /** Share one engine with the Polly emulator and the Connect caller's voice. */
  readonly speech?: SpeechEngine;
  /** Audio time after an utterance's last sound before its final result (default 0.2 s). */
  readonly endOfUtteranceSeconds?: number;
  /** A stream with no audio for this long ends with BadRequestException (default 15 s). */
  readonly noAudioTimeoutMs?: number;
  /** Send partial results while an utterance is heard (default true). */
  readonly partialResults?: boolean;
}

export interface TranscribeEmulator {
  /** Origin to give the client as `endpoint`. */
  readonly url: string;
  readonly speech: SpeechEngine;
  /** The streams served, oldest first (bounded), with their final results. */
  sessions(): readonly TranscriptionSessionRecord[];
  close(): Promise<void>;
}

const MAX_SESSIONS = 1000;

export async function startTranscribeEmulator(
  options: TranscribeEmulatorOptions = {},
): Promise<TranscribeEmulator> {
  const speech = options.speech ?? new SpeechEngine();
  const sessions: TranscriptionSessionRecord[] = [];
  const open = new Set<Http2Session>();
  const server = createServer();
  server.on("session", (session) => {
    open.add(session);
    session.on("close", () => open.delete(session));
    session.on("error", () => {});
  });
  server.on("stream", (stream, headers) => {
    stream.on("error", () => {});
    const record = serve(stream, headers, {
      speech,
      endOfUtteranceSeconds: options.endOfUtteranceSeconds ?? 0.2,
      noAudioTimeoutMs: options.noAudioTimeoutMs ?? 15_000,
      partialResults: options.partialResults ?? true,
    });
    if (!record) return;
    sessions.push(record);
    if (sessions.length > MAX_SESSIONS) sessions.shift();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    speech,
    sessions: () => [...sessions],
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of open) session.destroy();
        server.close(() => resolve());
      }),
  };
}

function serve(
  stream: ServerHttp2Stream,
  headers: IncomingHttpHeaders,
  options: Parameters<typeof runTranscriptionSession>[2],
): TranscriptionSessionRecord | undefined {
  const method = headers[":method"];
  const path = headers[":path"]?.split("?")[0];
  if (method !== "POST" || path !== "/stream-transcription") {
    respondError(stream, 404, "UnknownOperationException", `No route for ${method} ${path}`);
    return undefined;
  }
  try {
    return runTranscriptionSession(stream, parseStreamSettings(headers), options);
  } catch (error) {
    if (!(error instanceof TranscribeError)) throw error;
    respondError(stream, error.status, error.errorName, error.message);
    return undefined;
  }
}

/** An error before the stream starts: restJson1 status, x-amzn-ErrorType and a JSON body. */
function respondError(
  stream: ServerHttp2Stream,
  status: number,
  errorName: string,
  message: string,
): void {
  if (stream.destroyed) return;
  stream.respond({
    ":status": status,
    "content-type": "application/json",
    "x-amzn-errortype": errorName,
    "x-amzn-request-id": randomUUID(),
  });
  stream.end(JSON.stringify({ Message: message }));
  stream.resume();
}
