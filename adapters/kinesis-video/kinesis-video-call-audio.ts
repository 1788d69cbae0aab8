import { setTimeout as sleepMs } from "node:timers/promises";
import {
  GetDataEndpointCommand,
  KinesisVideoClient,
  type KinesisVideoClientConfig,
} from "@aws-sdk/client-kinesis-video";
import { GetMediaCommand, KinesisVideoMediaClient } from "@aws-sdk/client-kinesis-video-media";
import { DependencyFailedError } from "../../core/errors.ts";
import type { CallAudio, CallAudioChunk, CallAudioStream } from "../../core/ports/call-audio.ts";
import { ContactAudioGate } from "./contact-audio-gate.ts";
import { MkvReader } from "./mkv-reader.ts";

export interface KinesisVideoCallAudioOptions {
  readonly region: string;
  /** The control plane's endpoint (a local emulator); AWS's own by default. */
  readonly endpoint?: string;
  readonly credentials?: KinesisVideoClientConfig["credentials"];
  /** Reconnects in a row, without a fragment delivered in between, before giving up (5). */
  readonly maxReconnects?: number;
  /** Backoff ceiling of the first reconnect, doubled each time up to `backoffMaxMs`. */
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  /** Waits between reconnects; rejects when `signal` aborts (tests pass a virtual one). */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly random?: () => number;
}

// Refusals a reconnect cannot fix: the stream is gone, the request is wrong, or we may not read.
const NOT_RETRYABLE = new Set([
  "ResourceNotFoundException",
  "InvalidArgumentException",
  "NotAuthorizedException",
  "AccessDeniedException",
]);
// GetMedia's in-stream error 4000, "Requested fragment is not found" (GetMediaOutput docs).
const FRAGMENT_NOT_FOUND = "4000";

class StreamErrorTag extends Error {
  constructor(readonly code: string) {
    super(`GetMedia reported error ${code} in the stream`);
  }
}

/**
 * The caller's audio of a Connect call from its Kinesis Video stream: GetDataEndpoint (cached
 * per stream), then GetMedia from the contact's start fragment, yielding the
 * AUDIO_FROM_CUSTOMER track until the stream names another contact, ends, or `signal` aborts.
 * A dropped connection is picked up after the last fragment delivered in full.
 */
export class KinesisVideoCallAudio implements CallAudio {
  readonly #options: KinesisVideoCallAudioOptions;
  readonly #control: KinesisVideoClient;
  readonly #endpoints = new Map<string, Promise<string>>();
  readonly #mediaClients = new Map<string, KinesisVideoMediaClient>();
  readonly #sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly #random: () => number;

  constructor(options: KinesisVideoCallAudioOptions) {
    this.#options = options;
    this.#control = new KinesisVideoClient(this.#clientConfig(options.endpoint));
    this.#sleep = options.sleep ?? ((ms, signal) => sleepMs(ms, undefined, { signal }));
    this.#random = options.random ?? Math.random;
  }

  async *customerAudio(
    stream: CallAudioStream,
    signal: AbortSignal,
  ): AsyncGenerator<CallAudioChunk, void, undefined> {
    const gate = new ContactAudioGate(stream.contactId);
    let failures = 0;
    for (;;) {
      if (signal.aborted) return;
      const after = gate.resumeAfter ?? stream.startFragmentNumber;
      try {
        const payload = await this.#getMedia(stream.streamArn, after, signal);
        const reader = new MkvReader();
        for await (const chunk of payload) {
          for (const event of reader.push(chunk)) {
            const delivered = gate.resumeAfter;
            const outcome = gate.handle(event);
            if (outcome.kind === "otherContact") return;
            if (outcome.kind === "streamError") throw new StreamErrorTag(outcome.code);
            yield* outcome.chunks;
            if (gate.resumeAfter !== delivered) failures = 0;
          }
        }
        for (const event of reader.end()) {
          const outcome = gate.handle(event);
          if (outcome.kind === "audio") yield* outcome.chunks;
        }
        return;
      } catch (error) {
        if (signal.aborted) return;
        failures++;
        if (!retryable(error) || failures > (this.#options.maxReconnects ?? 5)) {
          throw failed(stream, error, failures);
        }
        this.#endpoints.delete(stream.streamArn);
        try {
          await this.#sleep(this.#backoffMs(failures), signal);
        } catch {
          return;
        }
      }
    }
  }

  async #getMedia(streamArn: string, afterFragmentNumber: string, signal: AbortSignal) {
    const endpoint = await this.#dataEndpoint(streamArn);
    const client = this.#mediaClient(endpoint);
    const response = await client.send(
      new GetMediaCommand({
        StreamARN: streamArn,
        // Connect's StartFragmentNumber goes here as the AWS sample passes it; the gate drops a
        // fragment delivered twice, whether KVS starts with that fragment or the one after it.
        StartSelector: {
          StartSelectorType: "FRAGMENT_NUMBER",
          AfterFragmentNumber: afterFragmentNumber,
        },
      }),
      { abortSignal: signal },
    );
    const payload = response.Payload as AsyncIterable<Uint8Array> | undefined;
    if (!payload) throw new Error("GetMedia answered without a payload");
    return payload;
  }

  #dataEndpoint(streamArn: string): Promise<string> {
    let endpoint = this.#endpoints.get(streamArn);
    if (!endpoint) {
      endpoint = this.#control
        .send(new GetDataEndpointCommand({ StreamARN: streamArn, APIName: "GET_MEDIA" }))
        .then((answer) => {
          if (!answer.DataEndpoint) throw new Error("GetDataEndpoint answered without an endpoint");
          return answer.DataEndpoint;
        });
      endpoint.catch(() => this.#endpoints.delete(streamArn));
      this.#endpoints.set(streamArn, endpoint);
    }
    return endpoint;
  }

  #mediaClient(endpoint: string): KinesisVideoMediaClient {
    let client = this.#mediaClients.get(endpoint);
    if (!client) {
      client = new KinesisVideoMediaClient(this.#clientConfig(endpoint));
      this.#mediaClients.set(endpoint, client);
    }
    return client;
  }

  #clientConfig(endpoint: string | undefined) {
    const { region, credentials } = this.#options;
    return {
      region,
      ...(endpoint !== undefined ? { endpoint } : {}),
      ...(credentials !== undefined ? { credentials } : {}),
    };
  }

  /** Full jitter under a doubling ceiling, so calls cut off together do not return together. */
  #backoffMs(failures: number): number {
    const base = this.#options.backoffBaseMs ?? 200;
    const ceiling = Math.min(this.#options.backoffMaxMs ?? 5_000, base * 2 ** (failures - 1));
    return this.#random() * ceiling;
  }
}

function retryable(error: unknown): boolean {
  if (error instanceof StreamErrorTag) return error.code !== FRAGMENT_NOT_FOUND;
  const name = (error as { name?: unknown }).name;
  return !(typeof name === "string" && NOT_RETRYABLE.has(name));
}

function failed(stream: CallAudioStream, error: unknown, attempts: number): DependencyFailedError {
  const name = error instanceof StreamErrorTag ? `error ${error.code}` : (error as Error).name;
  return new DependencyFailedError(`Kinesis Video GetMedia failed (${name})`, {
    cause: error,
    details: { operation: "GetMedia", streamArn: stream.streamArn, attempts },
  });
}
