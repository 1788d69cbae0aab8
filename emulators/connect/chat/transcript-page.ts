import { ApiError } from "../http/api-error.ts";
import type { TranscriptItem } from "./transcript-item.ts";

export interface TranscriptQuery {
  readonly MaxResults?: number | undefined;
  readonly NextToken?: string | undefined;
  readonly ScanDirection?: "FORWARD" | "BACKWARD" | undefined;
  readonly SortOrder?: "ASCENDING" | "DESCENDING" | undefined;
  readonly StartPosition?:
    | {
        Id?: string | undefined;
        AbsoluteTime?: string | undefined;
        MostRecent?: number | undefined;
      }
    | undefined;
}

interface Cursor {
  readonly index: number;
}

/**
 * One GetTranscript page. Scanning goes BACKWARD from the newest item unless a StartPosition
 * is given (then FORWARD), and the page is sorted DESCENDING unless asked otherwise.
 */
export function transcriptPage(
  items: readonly TranscriptItem[],
  query: TranscriptQuery,
): { Transcript: TranscriptItem[]; NextToken?: string } {
  const max = query.MaxResults ?? 10;
  const direction = query.ScanDirection ?? (query.StartPosition ? "FORWARD" : "BACKWARD");
  const start = query.NextToken
    ? decode(query.NextToken).index
    : startIndex(items, query, direction);
  let page: TranscriptItem[];
  let next: number | undefined;
  if (direction === "FORWARD") {
    page = items.slice(start, start + max);
    next = start + max < items.length ? start + max : undefined;
  } else {
    const from = Math.max(0, start - max + 1);
    page = start < 0 ? [] : items.slice(from, start + 1);
    next = from > 0 ? from - 1 : undefined;
  }
  if ((query.SortOrder ?? "DESCENDING") === "DESCENDING") page.reverse();
  return {
    Transcript: page,
    ...(next !== undefined && max > 0 ? { NextToken: encode({ index: next }) } : {}),
  };
}

function startIndex(
  items: readonly TranscriptItem[],
  query: TranscriptQuery,
  direction: string,
): number {
  const position = query.StartPosition;
  const last = items.length - 1;
  if (!position) return direction === "FORWARD" ? 0 : last;
  if (position.Id !== undefined) {
    const index = items.findIndex((item) => item.Id === position.Id);
    if (index < 0)
      throw new ApiError("ResourceNotFoundException", `No transcript item ${position.Id}`);
    return index;
  }
  if (position.AbsoluteTime !== undefined) {
    const at = Date.parse(position.AbsoluteTime);
    if (direction === "FORWARD") {
      const index = items.findIndex((item) => Date.parse(item.AbsoluteTime) >= at);
      return index < 0 ? items.length : index;
    }
    return items.findLastIndex((item) => Date.parse(item.AbsoluteTime) <= at);
  }
  return Math.max(0, last - (position.MostRecent ?? 0));
}

function encode(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

function decode(token: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (typeof cursor.index === "number") return cursor;
  } catch {
    // fall through to the error below
  }
  throw new ApiError("ValidationException", "NextToken is not valid");
}
