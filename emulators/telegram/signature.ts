/**
 * Telegram does not sign updates: setWebhook's `secret_token` (1–256 characters of
 * A–Z, a–z, 0–9, `_` and `-`) comes back verbatim in the X-Telegram-Bot-Api-Secret-Token
 * header of every webhook request, and the bot compares it.
 * Sources: core.telegram.org/bots/api#setwebhook (as quoted by the simbot and
 * telegram.bot API docs); the Camel CAMEL-25564 change that answers 403 on a mismatch.
 */
export const SECRET_TOKEN_HEADER = "x-telegram-bot-api-secret-token";

const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

export function isValidSecretToken(token: string): boolean {
  return SECRET_TOKEN.test(token);
}

export function secretTokenHeaders(secretToken: string | undefined): Record<string, string> {
  return secretToken ? { [SECRET_TOKEN_HEADER]: secretToken } : {};
}
