/**
 * Amazon Polly SynthesizeSpeech emulator: `POST /v1/speech` as @aws-sdk/client-polly sends it,
 * spoken by espeak-ng through the shared speech engine (protocols.md §0, §8.4).
 */
import { FaultInjector } from "../shared-http/fault-injector.ts";
import { jsonResponse } from "../shared-http/http-types.ts";
import { RequestRecorder } from "../shared-http/request-recorder.ts";
import { Router } from "../shared-http/router.ts";
import { SpeechEngine } from "../speech/index.ts";
import { startDualProtocolServer } from "./dual-protocol-server.ts";
import { renderPollyFault } from "./polly-errors.ts";
import { type SpokenRecord, synthesizeSpeech } from "./synthesize-speech.ts";

export interface PollyEmulatorOptions {
  /** 0 (the default) picks a free port on 127.0.0.1. */
  readonly port?: number;
  /** Share one engine with the Transcribe emulator so it recognises what Polly says. */
  readonly speech?: SpeechEngine;
  readonly faultSeed?: number;
}

export interface PollyEmulator {
  /** Origin to give the client as `endpoint`. */
  readonly url: string;
  readonly speech: SpeechEngine;
  readonly faults: FaultInjector;
  readonly requests: RequestRecorder;
  /** What was synthesized, oldest first (bounded). */
  spoken(): readonly SpokenRecord[];
  close(): Promise<void>;
}

const MAX_SPOKEN = 1000;

export async function startPollyEmulator(
  options: PollyEmulatorOptions = {},
): Promise<PollyEmulator> {
  const speech = options.speech ?? new SpeechEngine();
  const faults = new FaultInjector(options.faultSeed);
  const requests = new RequestRecorder();
  const spoken: SpokenRecord[] = [];
  const onSpoken = (record: SpokenRecord) => {
    spoken.push(record);
    if (spoken.length > MAX_SPOKEN) spoken.shift();
  };
  const router = new Router({
    faults,
    renderFault: renderPollyFault,
    notFound: (request) =>
      jsonResponse(
        404,
        { message: `No route for ${request.method} ${request.path}` },
        { "x-amzn-errortype": "UnknownOperationException" },
      ),
  });
  router.add(
    "POST",
    "/v1/speech",
    (request) => synthesizeSpeech(speech, request, onSpoken),
    "SynthesizeSpeech",
  );
  const server = await startDualProtocolServer({
    ...(options.port === undefined ? {} : { port: options.port }),
    handle: async (request) => {
      const { response, operation } = await router.dispatch(request);
      requests.record({
        at: Date.now(),
        method: request.method,
        path: request.path,
        query: Object.fromEntries(request.query),
        headers: request.headers,
        body: request.rawBody.toString("utf8"),
        status: response.status,
        ...(operation ? { operation } : {}),
      });
      return response;
    },
  });
  return {
    url: server.url,
    speech,
    faults,
    requests,
    spoken: () => [...spoken],
    close: () => server.close(),
  };
}
