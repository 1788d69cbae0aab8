import type { ChatService, TranscriptEntry } from "../ports/chat-service.ts";

// A chat holds at most a few hundred items; this bounds a transcript that never ends paging.
const MAX_PAGES = 50;

/** The chat's transcript after `after` (from the start without it), oldest first, page by page. */
export async function* transcriptEntries(
  chats: Pick<ChatService, "getTranscript">,
  options: { connectionToken: string; contactId: string; after?: string },
): AsyncGenerator<TranscriptEntry> {
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await chats.getTranscript({
      ...options,
      ...(nextToken ? { nextToken } : {}),
    });
    yield* result.entries;
    nextToken = result.nextToken;
    if (!nextToken) return;
  }
}
