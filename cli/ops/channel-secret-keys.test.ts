import { describe, expect, it } from "vitest";
import { CHANNEL_KINDS } from "../../core/channel.ts";
import { SECRET_ENV_NAMES } from "../../infra/deploy-settings.ts";
import { ALWAYS_NEEDED, CHANNEL_PLATFORM, PLATFORM_SECRET_KEYS } from "./channel-secret-keys.ts";

describe("the doctor's list of secret keys", () => {
  it("covers exactly the credentials the stack keeps in the channel secret", () => {
    const listed = [...ALWAYS_NEEDED, ...Object.values(PLATFORM_SECRET_KEYS).flat()];
    expect(new Set(listed)).toEqual(SECRET_ENV_NAMES);
    expect(listed).toHaveLength(SECRET_ENV_NAMES.size);
  });

  it("names a platform for every channel but Connect's own", () => {
    const own = CHANNEL_KINDS.filter((kind) => CHANNEL_PLATFORM[kind] === undefined);
    expect(own).toEqual(["connect-sms", "connect-whatsapp"]);
  });
});
