import { ApiError } from "../http/api-error.ts";

// Metric API NextTokens live five minutes and need the same parameters (SDK doc text).
const tokenLifetimeMs = 5 * 60 * 1000;

export interface PageOptions {
  readonly maxResults: number;
  readonly nextToken: string | undefined;
  /** The request minus its NextToken; a later page must repeat it exactly. */
  readonly fingerprint: unknown;
  readonly now: number;
}

/** Cuts one page out of a list and mints the token for the next one. */
export function pageOf<T>(
  items: readonly T[],
  options: PageOptions,
): { items: T[]; nextToken?: string } {
  const fingerprint = JSON.stringify(options.fingerprint);
  let offset = 0;
  if (options.nextToken) {
    const token = decode(options.nextToken);
    if (!token || token.fingerprint !== fingerprint) {
      throw new ApiError("InvalidParameterException", "NextToken does not match this request");
    }
    if (options.now - token.issuedAt > tokenLifetimeMs) {
      throw new ApiError("InvalidParameterException", "NextToken has expired");
    }
    offset = token.offset;
  }
  const end = offset + options.maxResults;
  const page = items.slice(offset, end);
  if (end >= items.length) return { items: page };
  const next = { offset: end, fingerprint, issuedAt: options.now };
  return { items: page, nextToken: Buffer.from(JSON.stringify(next)).toString("base64url") };
}

function decode(
  token: string,
): { offset: number; fingerprint: string; issuedAt: number } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (typeof parsed.offset === "number" && typeof parsed.fingerprint === "string") return parsed;
  } catch {
    return undefined;
  }
  return undefined;
}
