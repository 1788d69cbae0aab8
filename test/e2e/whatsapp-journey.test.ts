import { describeJourney } from "./messaging-journey.ts";

describeJourney("whatsapp", { number: "+447911123456" });
