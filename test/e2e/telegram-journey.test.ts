import { describeJourney } from "./messaging-journey.ts";

// The caller's Telegram user id, which the customer directory holds for Telegram.
describeJourney("telegram", { number: "+447911123460", handle: "428731902" });
