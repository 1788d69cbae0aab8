import type { TwitterApi } from "twitter-api-v2";
import { type MediaRule, mediaType } from "../../core/channel-rules.ts";
import { ChannelRejectedError } from "../../core/errors.ts";
import type { OutboundMedia } from "../../core/ports/messenger-channel.ts";
import { downloadMedia } from "../http/media-download.ts";
import type { RetryPolicy } from "../http/with-retries.ts";
import { callX } from "./x-call.ts";

type UploadMediaType = Parameters<TwitterApi["v2"]["uploadMedia"]>[1]["media_type"];

/**
 * X takes no link: a DM carries a `media_id` from its media upload (initialize, append,
 * finalize; docs.x.com/x-api/media). The file is fetched from the chat's link first, within
 * the channel's limit, then uploaded in the DM category of its kind.
 */
export async function uploadDmMedia(options: {
  client: TwitterApi;
  message: OutboundMedia;
  rule: MediaRule;
  timeoutMs: number;
  retry: Omit<RetryPolicy, "operation"> | undefined;
}): Promise<string> {
  const { client, message, rule, retry } = options;
  const fetched = await downloadMedia({
    url: message.url,
    declaredType: message.contentType,
    maxBytes: rule.maxBytes,
    // A presigned link carries its own credentials; no header may go with it.
    authorizationFor: () => undefined,
    timeoutMs: options.timeoutMs,
    ...(retry ? { retry } : {}),
  });
  if (fetched.kind === "too-large") {
    throw new ChannelRejectedError("the file is larger than X takes", {
      details: { reason: "FILE_TOO_LARGE" },
    });
  }
  if (fetched.kind === "unavailable") {
    throw new ChannelRejectedError(`the file could not be fetched: ${fetched.reason}`, {
      details: { reason: "FILE_UNAVAILABLE" },
    });
  }
  // The rule admitted the type; the library's union only names the types it knows of.
  const type = mediaType(message.contentType) as UploadMediaType;
  return callX({ operation: "X.uploadMedia", ...retry }, () =>
    client.v2.uploadMedia(Buffer.from(fetched.file.bytes), {
      media_type: type,
      media_category:
        rule.kind === "video" ? "dm_video" : type === "image/gif" ? "dm_gif" : "dm_image",
    }),
  );
}
