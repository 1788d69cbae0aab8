import type { ServerResponse } from "node:http";
import type { Clock } from "../shared-http/clock.ts";
import type { StartSelector } from "./kvs-requests.ts";
import { errorFragment, tagsElement } from "./mkv-fragment-writer.ts";
import type { StoredFragment, VideoStream } from "./video-stream.ts";

export interface GetMediaOptions {
  readonly clock: Clock;
  /**
   * How long an open GetMedia waits once the stream has no producer and no new fragment before
   * it ends the response. The emulator's choice: what real Kinesis Video does here is unknown.
   */
  readonly idleEndMs: number;
  /** Whether FRAGMENT_NUMBER starts with the named fragment (see the README) or after it. */
  readonly fragmentNumberInclusive: boolean;
  /** Test fault: cut the connection after this many payload bytes. */
  readonly cutAfterBytes?: number;
}

type Start = { readonly seq: number } | { readonly notFound: string };

/** Where a selector starts reading, as a position in the stream. */
export function startOf(stream: VideoStream, selector: StartSelector, inclusive: boolean): Start {
  const first = stream.fragments[0]?.seq ?? stream.nextSeq;
  switch (selector.StartSelectorType) {
    case "NOW":
      // The emulator's choice: only fragments written after the request.
      return { seq: stream.nextSeq };
    case "EARLIEST":
      return { seq: first };
    case "FRAGMENT_NUMBER": {
      const number = selector.AfterFragmentNumber;
      // Connect reports a stream's next fragment number before that fragment is complete.
      if (number === stream.nextFragmentNumber()) return { seq: stream.nextSeq };
      const found = stream.byNumber(number);
      if (!found) return { notFound: number };
      return { seq: inclusive ? found.seq : found.seq + 1 };
    }
    case "CONTINUATION_TOKEN": {
      const found = stream.byNumber(selector.ContinuationToken);
      return found ? { seq: found.seq + 1 } : { notFound: selector.ContinuationToken };
    }
    default: {
      // The chunk containing the timestamp, else the first one after it.
      const atMs = selector.StartTimestamp * 1000;
      const server = selector.StartSelectorType === "SERVER_TIMESTAMP";
      const hit = stream.fragments.find((fragment) => {
        const start = server ? fragment.serverTimestampMs : fragment.producerStartMs;
        return start + fragment.durationMs > atMs;
      });
      return { seq: hit?.seq ?? stream.nextSeq };
    }
  }
}

/** GetMedia's payload: fragments from `start`, then live ones, until the stream goes idle. */
export async function streamMedia(options: {
  res: ServerResponse;
  stream: VideoStream;
  start: Start;
  media: GetMediaOptions;
}): Promise<void> {
  const { res, stream, start, media } = options;
  res.writeHead(200, { "content-type": "video/webm" });
  // Headers go out at once, so the client's GetMedia resolves before the first fragment exists.
  res.flushHeaders();
  if ("notFound" in start) {
    res.end(errorFragment("Requested fragment is not found", 4000));
    return;
  }
  let seq = start.seq;
  let sent = 0;
  while (!res.destroyed) {
    for (let fragment = stream.at(seq); fragment; fragment = stream.at(++seq)) {
      const bytes = getMediaFraming(fragment, media.clock.now());
      if (media.cutAfterBytes !== undefined && sent + bytes.length > media.cutAfterBytes) {
        // The bytes before the cut reach the client; then the connection drops.
        await new Promise<void>((resolve) => {
          res.write(bytes.subarray(0, (media.cutAfterBytes ?? 0) - sent), () => resolve());
        });
        res.destroy();
        return;
      }
      sent += bytes.length;
      if (!res.write(bytes)) await drained(res);
      if (res.destroyed) return;
    }
    if ((await nextChange(stream, media, res)) === "idle") break;
  }
  res.end();
}

/** A stored fragment with the tags GetMedia adds before and after the producer's Cluster. */
export function getMediaFraming(fragment: StoredFragment, nowMs: number): Buffer {
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  return Buffer.concat([
    fragment.encoded.head,
    tagsElement([
      ["AWS_KINESISVIDEO_FRAGMENT_NUMBER", fragment.number],
      ["AWS_KINESISVIDEO_SERVER_TIMESTAMP", seconds(fragment.serverTimestampMs)],
      ["AWS_KINESISVIDEO_PRODUCER_TIMESTAMP", seconds(fragment.producerStartMs)],
    ]),
    fragment.encoded.body,
    tagsElement([
      [
        "AWS_KINESISVIDEO_MILLIS_BEHIND_NOW",
        String(Math.max(0, nowMs - fragment.serverTimestampMs)),
      ],
      // The parser library's recorded GetMedia output carries the fragment number here.
      ["AWS_KINESISVIDEO_CONTINUATION_TOKEN", fragment.number],
    ]),
  ]);
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    // Whichever comes first removes the other, so a long GetMedia does not pile up listeners.
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.once("drain", done);
    res.once("close", done);
  });
}

/** Resolves on a new fragment or producer change, or with "idle" once the stream went quiet. */
function nextChange(
  stream: VideoStream,
  media: GetMediaOptions,
  res: ServerResponse,
): Promise<"change" | "idle"> {
  return new Promise((resolve) => {
    let timer: ReturnType<Clock["setTimeout"]> | undefined;
    const settle = (outcome: "change" | "idle") => {
      unwatch();
      res.off("close", onClose);
      if (timer) media.clock.clearTimeout(timer);
      resolve(outcome);
    };
    const onClose = () => settle("idle");
    res.once("close", onClose);
    const unwatch = stream.watch(() => settle("change"));
    if (!stream.producing) {
      const remaining = stream.lastActivityMs + media.idleEndMs - media.clock.now();
      if (remaining <= 0) settle("idle");
      else timer = media.clock.setTimeout(() => settle("idle"), remaining);
    }
  });
}
