/**
 * Stands in for Meta's CDN, where a Messenger user's photo or file lives: a message event
 * carries only `attachments[].payload.url`, a public URL anyone may fetch (protocols.md §6).
 * `POST /__emulator/attachments {"contentType","base64","fileName"?}` stores a file and
 * answers its URL, to pass to customer-sends; `GET /__emulator/attachments/:id/:name` serves it.
 */
import { randomUUID } from "node:crypto";
import * as z from "zod";
import { parseJson } from "../shared-http/body-parsers.ts";
import { jsonResponse } from "../shared-http/http-types.ts";
import type { Router } from "../shared-http/router.ts";

/** Messenger takes attachments up to 25 MB (developers.facebook.com/docs/messenger-platform/send-messages). */
const MAX_BYTES = 25 * 1024 * 1024;

const uploadSchema = z.object({
  contentType: z.string().min(1).max(100),
  base64: z.base64(),
  fileName: z
    .string()
    .regex(/^[\w. -]{1,100}$/)
    .optional(),
});

interface StoredFile {
  readonly contentType: string;
  readonly content: Buffer;
}

export function addAttachmentCdnRoutes(router: Router): void {
  const files = new Map<string, StoredFile>();
  router
    .add("POST", "/__emulator/attachments", (request) => {
      const json = parseJson(request.rawBody.toString("utf8"));
      const input = json.ok ? uploadSchema.safeParse(json.value) : undefined;
      if (!input?.success) {
        return jsonResponse(400, { error: "expected {contentType, base64, fileName?}" });
      }
      const content = Buffer.from(input.data.base64, "base64");
      if (content.length > MAX_BYTES) return jsonResponse(413, { error: "over 25 MB" });
      const id = randomUUID();
      files.set(id, { contentType: input.data.contentType, content });
      const name = encodeURIComponent(input.data.fileName ?? "file");
      return jsonResponse(200, {
        url: new URL(`/__emulator/attachments/${id}/${name}`, request.url).href,
      });
    })
    .add("GET", "/__emulator/attachments/:id/:name", (request) => {
      const file = files.get(request.params.id ?? "");
      if (!file) return jsonResponse(404, { error: "no such attachment" });
      return { status: 200, headers: { "content-type": file.contentType }, body: file.content };
    });
}
