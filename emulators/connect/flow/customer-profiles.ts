/** One customer profile: its id and its fields (FirstName, PhoneNumber, AccountNumber, ...). */
export interface CustomerProfile {
  readonly profileId: string;
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * Customer Profiles as a flow sees them, kept in memory: profiles a test seeds or a flow
 * creates, searched by one field's exact value.
 */
export class InMemoryCustomerProfiles {
  readonly #profiles: CustomerProfile[] = [];

  constructor(seed: readonly Readonly<Record<string, string>>[] = []) {
    for (const fields of seed) this.create(fields);
  }

  search(field: string, value: string): readonly CustomerProfile[] {
    return this.#profiles.filter((profile) => profile.fields[field] === value);
  }

  create(fields: Readonly<Record<string, string>>): CustomerProfile {
    const profile = { profileId: `profile-${this.#profiles.length + 1}`, fields: { ...fields } };
    this.#profiles.push(profile);
    return profile;
  }
}
