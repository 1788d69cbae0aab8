import type { Agent } from "node:https";
import { ENV } from "../../config/environment-names.ts";
import type { Environment } from "../../config/secret-environment.ts";
import { PLATFORM_SECRET_KEYS, type Platform } from "./channel-secret-keys.ts";
import { type Finding, fix, ok, reasonOf, skip } from "./doctor-report.ts";

/** Where each platform's API is, when not the real one, and how to trust a local X. */
export interface PlatformAccess {
  readonly origins?: Partial<Record<Platform, string>>;
  /** twitter-api-v2 speaks HTTPS only; a local X needs its certificate trusted. */
  readonly xHttpsAgent?: Agent;
}

// The same origin settings the functions read, which the secret may hold too.
const ORIGIN_SETTING: Readonly<Record<Platform, string>> = {
  twilio: ENV.twilioApiOrigin,
  meta: ENV.metaGraphOrigin,
  x: ENV.xApiOrigin,
  telegram: ENV.telegramApiOrigin,
  line: ENV.lineApiOrigin,
};
const TIMEOUT_MS = 10_000;

type Check = (
  values: Environment,
  origin: string | undefined,
  access: PlatformAccess,
) => Promise<string>;

/** Each platform in use accepts its credentials, asked with one read-only call. */
export async function checkPlatforms(options: {
  platforms: readonly Platform[];
  values: Environment | undefined;
  access: PlatformAccess;
}): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const platform of options.platforms) {
    const { values } = options;
    const item = `${platform} credentials`;
    if (!values || PLATFORM_SECRET_KEYS[platform].some((key) => !values[key])) {
      findings.push(skip(item, "not checked: the secret lacks them (see the secret's line)"));
      continue;
    }
    const origin = options.access.origins?.[platform] ?? values[ORIGIN_SETTING[platform]];
    try {
      findings.push(ok(item, await CHECKS[platform](values, origin, options.access)));
    } catch (error) {
      findings.push(fix(item, refusal(error)));
    }
  }
  return findings;
}

const CHECKS: Readonly<Record<Platform, Check>> = {
  async twilio(values, origin) {
    const accountSid = values[ENV.twilioAccountSid] ?? "";
    const authToken = values[ENV.twilioAuthToken] ?? "";
    const client = origin
      ? (await import("../../emulators/twilio/local-client.ts")).createLocalTwilioClient({
          emulatorUrl: origin,
          accountSid,
          authToken,
        })
      : (await import("twilio")).default(accountSid, authToken);
    const account = await client.api.v2010.accounts(accountSid).fetch();
    if (account.status !== "active")
      throw new NotUsable(`account ${account.sid} is ${account.status}`);
    return `account ${account.sid} accepted (${account.status})`;
  },
  async meta(values, origin) {
    const version = values[ENV.metaGraphVersion] ?? "v21.0";
    const body = await getJson(new URL(`/${version}/me`, origin ?? "https://graph.facebook.com"), {
      authorization: `Bearer ${values[ENV.metaPageAccessToken]}`,
    });
    return `page token accepted (page ${String(body.name ?? "?")}, ${String(body.id ?? "?")})`;
  },
  async x(values, origin, access) {
    const { TwitterApi } = await import("twitter-api-v2");
    const client = new TwitterApi(
      {
        appKey: values[ENV.xConsumerKey] ?? "",
        appSecret: values[ENV.xConsumerSecret] ?? "",
        accessToken: values[ENV.xAccessToken] ?? "",
        accessSecret: values[ENV.xAccessSecret] ?? "",
      },
      access.xHttpsAgent ? { httpAgent: access.xHttpsAgent } : {},
    );
    if (origin) {
      // No base-URL option; setPrefix is protected in the typings (protocols.md §7.2).
      (client.v2 as unknown as { setPrefix(prefix: string): void }).setPrefix(`${origin}/2/`);
    }
    const me = await client.v2.me();
    return `credentials accepted (@${me.data.username})`;
  },
  async telegram(values, origin) {
    // The Bot API takes the token in the path only; the URL is never printed.
    const url = new URL(
      `/bot${values[ENV.telegramBotToken]}/getMe`,
      origin ?? "https://api.telegram.org",
    );
    const body = await getJson(url, {});
    const bot = body.result as { username?: string } | undefined;
    return `bot token accepted (@${bot?.username ?? "?"})`;
  },
  async line(values, origin) {
    const body = await getJson(new URL("/v2/bot/info", origin ?? "https://api.line.me"), {
      authorization: `Bearer ${values[ENV.lineChannelAccessToken]}`,
    });
    return `channel access token accepted (${String(body.basicId ?? body.userId ?? "?")})`;
  },
};

/** The credentials work but the account cannot send (a suspended or closed Twilio account). */
class NotUsable extends Error {}

class PlatformRefusal extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(detail);
  }
}

async function getJson(
  url: URL,
  headers: Record<string, string>,
): Promise<Record<string, unknown>> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new PlatformRefusal(response.status, detailOf(body));
  return body;
}

/** The platform's own words: Graph's error.message, Telegram's description, LINE's message. */
function detailOf(body: Record<string, unknown>): string {
  const error = body.error as { message?: unknown; code?: unknown } | undefined;
  const text = error?.message ?? body.description ?? body.message ?? body.detail ?? body.title;
  const code = error?.code === undefined ? "" : ` (code ${String(error.code)})`;
  return `${typeof text === "string" ? text : "no reason given"}${code}`;
}

function refusal(error: unknown): string {
  if (error instanceof NotUsable)
    return `${error.message}: reactivate it in the platform's console`;
  const status =
    error instanceof PlatformRefusal
      ? error.status
      : ((error as { status?: unknown; code?: unknown }).status ??
        (error as { code?: unknown }).code);
  if (status === 401 || status === 403 || (error instanceof PlatformRefusal && status === 400)) {
    return `refused (${status}: ${reasonOf(error)}): renew them in the platform's console and update the secret`;
  }
  if (typeof status === "number") return `the platform answered ${status}: ${reasonOf(error)}`;
  return `could not ask the platform: ${reasonOf(error)}`;
}
