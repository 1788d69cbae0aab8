/**
 * The files customers send, kept by Media SID (`ME…`) for the media routes (media-api.ts),
 * and the short-lived links Twilio's media URL redirects to.
 */
import { randomHex } from "../shared-http/random-ids.ts";

export interface StoredMedia {
  readonly accountSid: string;
  readonly messageSid: string;
  readonly contentType: string;
  readonly bytes: Buffer;
}

const LINK_LIFETIME_MS = 4 * 60 * 60 * 1000;

/** Files customers sent, by Media SID (`ME…`), and the short-lived links to them. */
export class TwilioMediaStore {
  readonly #media = new Map<string, StoredMedia>();
  readonly #links = new Map<string, { mediaSid: string; expiresAt: number }>();

  add(media: StoredMedia): string {
    const sid = `ME${randomHex(16)}`;
    this.#media.set(sid, media);
    return sid;
  }

  get(sid: string): StoredMedia | undefined {
    return this.#media.get(sid);
  }

  link(mediaSid: string, now: number): string {
    const token = randomHex(16);
    this.#links.set(token, { mediaSid, expiresAt: now + LINK_LIFETIME_MS });
    return token;
  }

  follow(token: string, now: number): StoredMedia | undefined {
    const link = this.#links.get(token);
    return link && link.expiresAt > now ? this.#media.get(link.mediaSid) : undefined;
  }

  clear(): void {
    this.#media.clear();
    this.#links.clear();
  }
}

export function mediaPath(accountSid: string, messageSid: string, mediaSid: string): string {
  return `/2010-04-01/Accounts/${accountSid}/Messages/${messageSid}/Media/${mediaSid}`;
}
