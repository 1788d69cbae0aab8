import { describeJourney } from "./messaging-journey.ts";

// The caller's LINE user id, which the customer directory holds for LINE.
describeJourney("line", { number: "+447911123461", handle: `U${"7c1e4a2b9d3f".padEnd(32, "0")}` });
