/** One case: its id, when it last changed, and its fields (title, status, customer_id, ...). */
export interface CaseRecord {
  readonly caseId: string;
  readonly updatedAt: number;
  readonly fields: Readonly<Record<string, string>>;
  /** Contacts linked to the case. */
  readonly contacts: readonly string[];
}

/**
 * Amazon Connect Cases as a flow sees them, kept in memory. A search matches text fields by
 * "contains" and the case id exactly, as the Cases block does for text.
 */
export class InMemoryCases {
  readonly #cases: CaseRecord[] = [];
  #clock = 0;

  constructor(seed: readonly Readonly<Record<string, string>>[] = []) {
    for (const fields of seed) this.create({ fields });
  }

  search(criteria: Readonly<Record<string, string>>): readonly CaseRecord[] {
    return this.#cases.filter((record) =>
      Object.entries(criteria).every(([field, value]) => {
        const actual = field === "case_id" ? record.caseId : record.fields[field];
        if (actual === undefined) return false;
        return field === "case_id" ? actual === value : actual.includes(value);
      }),
    );
  }

  create(input: { fields: Readonly<Record<string, string>>; contactId?: string }): CaseRecord {
    const record: CaseRecord = {
      caseId: `case-${this.#cases.length + 1}`,
      updatedAt: ++this.#clock,
      fields: { ...input.fields },
      contacts: input.contactId ? [input.contactId] : [],
    };
    this.#cases.push(record);
    return record;
  }

  /** Sets the fields on the case and marks it updated; undefined when there is no such case. */
  update(caseId: string, fields: Readonly<Record<string, string>>): CaseRecord | undefined {
    const index = this.#cases.findIndex((record) => record.caseId === caseId);
    const record = this.#cases[index];
    if (!record) return undefined;
    const updated = {
      ...record,
      updatedAt: ++this.#clock,
      fields: { ...record.fields, ...fields },
    };
    this.#cases[index] = updated;
    return updated;
  }

  link(caseId: string, contactId: string): void {
    const index = this.#cases.findIndex((record) => record.caseId === caseId);
    const record = this.#cases[index];
    if (record) this.#cases[index] = { ...record, contacts: [...record.contacts, contactId] };
  }
}
