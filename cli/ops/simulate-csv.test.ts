import { describe, expect, it } from "vitest";
import { parseIntervalCsv } from "./simulate-csv.ts";

describe("parseIntervalCsv", () => {
  it("reads Connect's report headings, quoted fields and H:MM:SS handle times", () => {
    const text = [
      "\uFEFFInterval start,Contacts queued,Contacts handled,Contacts abandoned,Average handle time,Agents",
      '08:00,300,290,10,00:05:10,"40"',
      "08:30,310,300,10,305,42",
      "",
    ].join("\r\n");
    expect(parseIntervalCsv(text, "day.csv")).toEqual([
      {
        label: "08:00",
        contactsOffered: 300,
        contactsHandled: 290,
        contactsAbandoned: 10,
        averageHandleSeconds: 310,
        agents: 40,
      },
      {
        label: "08:30",
        contactsOffered: 310,
        contactsHandled: 300,
        contactsAbandoned: 10,
        averageHandleSeconds: 305,
        agents: 42,
      },
    ]);
  });

  it.each([
    ["calls,handled\n1,2", "day.csv: line 1: no contacts_offered column in the header"],
    ["contacts_offered\n1", "day.csv: line 1: no average_handle_time column in the header"],
    ["contacts_offered,aht\n1", "day.csv: line 2: expected 2 fields, got 1"],
    ["contacts_offered,aht\n-4,300", 'line 2: contacts_offered: expected a count, got "-4"'],
    [
      "contacts_offered,aht\n4,0",
      'line 2: average_handle_time: expected seconds or H:MM:SS, got "0"',
    ],
    ["contacts_offered,aht,agents\n4,300,many", 'line 2: agents: expected a count, got "many"'],
    ["contacts_offered,aht\n", "day.csv: line 2: no intervals after the header"],
  ])("rejects %j with a message naming the line and column", (text, message) => {
    expect(() => parseIntervalCsv(text, "day.csv")).toThrow(message);
  });
});
