import { describeJourney } from "./messaging-journey.ts";

// The caller's page-scoped id, which the customer directory holds for Messenger.
describeJourney("messenger", { number: "+447911123458", handle: "24019283746501234" });
