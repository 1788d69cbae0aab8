/**
 * The v2 media upload as twitter-api-v2's `uploadMedia` calls it (docs.x.com/x-api/media):
 * POST /2/media/upload/initialize `{media_type, total_bytes, media_category}` →
 * `{data:{id, media_key, expires_after_secs}}`; POST /2/media/upload/:id/append (multipart:
 * `segment_index`, `media`); POST /2/media/upload/:id/finalize → `{data:{id, media_key, size,
 * expires_after_secs}}`. Size limits: images 5 MB, GIFs 15 MB, video 512 MB. A DM may then name
 * the `media_id` once. Error wordings are [unverified].
 */
import * as z from "zod";
import { contentType, parseJson } from "../shared-http/body-parsers.ts";
import {
  type EmulatorRequest,
  type EmulatorResponse,
  jsonResponse,
} from "../shared-http/http-types.ts";
import { randomDigits } from "../shared-http/random-ids.ts";
import { xErrors } from "./api-errors.ts";
import { multipartFields } from "./multipart.ts";
import { authenticate } from "./outbound-api.ts";
import type { XContext, XUploadedMedia } from "./x-context.ts";

const MB = 1024 * 1024;
const EXPIRES_AFTER_SECONDS = 86_400;

/** Media types and size limit per category; the key prefix names the media kind. */
const CATEGORIES: Readonly<
  Record<string, { types: readonly string[]; maxBytes: number; keyPrefix: string }>
> = {
  dm_image: { types: ["image/jpeg", "image/png", "image/webp"], maxBytes: 5 * MB, keyPrefix: "3" },
  dm_gif: { types: ["image/gif"], maxBytes: 15 * MB, keyPrefix: "16" },
  dm_video: { types: ["video/mp4"], maxBytes: 512 * MB, keyPrefix: "7" },
  tweet_image: {
    types: ["image/jpeg", "image/png", "image/webp"],
    maxBytes: 5 * MB,
    keyPrefix: "3",
  },
  tweet_gif: { types: ["image/gif"], maxBytes: 15 * MB, keyPrefix: "16" },
  tweet_video: { types: ["video/mp4"], maxBytes: 512 * MB, keyPrefix: "7" },
};

const initializeSchema = z.object({
  media_type: z.string().min(1),
  total_bytes: z.number().int().min(1),
  media_category: z.string().min(1),
});

export function initializeUpload(ctx: XContext, request: EmulatorRequest): EmulatorResponse {
  const denied = authenticate(ctx, request);
  if (denied) return denied;
  const json = parseJson(request.rawBody.toString("utf8"));
  const parsed = json.ok ? initializeSchema.safeParse(json.value) : undefined;
  if (!parsed?.success)
    return xErrors.invalidRequest("`media_type` and `total_bytes` are required");
  const { media_type, total_bytes, media_category } = parsed.data;
  const category = CATEGORIES[media_category];
  if (!category) return xErrors.invalidRequest(`Unknown media_category [${media_category}]`);
  if (!category.types.includes(media_type)) {
    return xErrors.invalidRequest(
      `media_type [${media_type}] is not allowed for ${media_category}`,
    );
  }
  if (total_bytes > category.maxBytes) {
    return xErrors.invalidRequest(`File size exceeds ${category.maxBytes} bytes`);
  }
  const id = randomDigits(19);
  const media: XUploadedMedia = {
    id,
    mediaKey: `${category.keyPrefix}_${id}`,
    mediaType: media_type,
    category: media_category,
    totalBytes: total_bytes,
    segments: new Map(),
    finalized: false,
    usedInDm: false,
  };
  ctx.store.media.set(id, media);
  return jsonResponse(200, {
    data: { id, media_key: media.mediaKey, expires_after_secs: EXPIRES_AFTER_SECONDS },
  });
}

export function appendUpload(ctx: XContext, request: EmulatorRequest): EmulatorResponse {
  const denied = authenticate(ctx, request);
  if (denied) return denied;
  const media = ctx.store.media.get(request.params.mediaId ?? "");
  if (!media || media.finalized) return xErrors.invalidRequest("The media_id is not valid");
  const fields = multipartFields(request.rawBody, String(request.headers["content-type"] ?? ""));
  const index = Number(fields.get("segment_index")?.toString("utf8"));
  const chunk = fields.get("media");
  if (!contentType(request).startsWith("multipart/") || !Number.isInteger(index) || !chunk) {
    return xErrors.invalidRequest("`segment_index` and `media` are required");
  }
  media.segments.set(index, chunk);
  return jsonResponse(200, { data: { expires_at: expiresAt(ctx) } });
}

export function finalizeUpload(ctx: XContext, request: EmulatorRequest): EmulatorResponse {
  const denied = authenticate(ctx, request);
  if (denied) return denied;
  const media = ctx.store.media.get(request.params.mediaId ?? "");
  if (!media) return xErrors.invalidRequest("The media_id is not valid");
  const size = [...media.segments.values()].reduce((sum, chunk) => sum + chunk.length, 0);
  if (size !== media.totalBytes) {
    return xErrors.invalidRequest("Segments do not add up to provided total file size.");
  }
  media.finalized = true;
  return jsonResponse(200, {
    data: {
      id: media.id,
      media_key: media.mediaKey,
      size,
      expires_after_secs: EXPIRES_AFTER_SECONDS,
    },
  });
}

function expiresAt(ctx: XContext): number {
  return ctx.kit.clock.now() + EXPIRES_AFTER_SECONDS * 1000;
}

/** The bytes of an uploaded file, its segments in order. */
export function uploadedBytes(media: XUploadedMedia): Buffer {
  const order = [...media.segments.keys()].sort((a, b) => a - b);
  return Buffer.concat(order.map((index) => media.segments.get(index) ?? Buffer.alloc(0)));
}
