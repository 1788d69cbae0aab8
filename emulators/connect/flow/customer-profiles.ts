/** One customer profile: its id and its fields (FirstName, PhoneNumber, AccountNumber, ...). */
export interface CustomerProfile {
  readonly profileId: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** A profile object (an Asset, an Order, a Case, or a custom type) kept with a profile. */
export interface ProfileObject {
  readonly objectType: string;
  readonly fields: Readonly<Record<string, string>>;
  /** Order of arrival; the latest object of a type is the one "UseLatest" reads. */
  readonly receivedAt: number;
}

/** A profile as a test or a scenario seeds it: its fields, objects and calculated attributes. */
export interface ProfileSeed {
  readonly fields: Readonly<Record<string, string>>;
  readonly objects?: readonly {
    readonly objectType: string;
    readonly fields: Readonly<Record<string, string>>;
  }[];
  /** Calculated attributes by name (`_average_hold_time`, `_frequent_caller`, ...). */
  readonly calculatedAttributes?: Readonly<Record<string, string>>;
}

interface StoredProfile {
  profileId: string;
  fields: Record<string, string>;
  readonly objects: ProfileObject[];
  readonly calculatedAttributes: Readonly<Record<string, string>>;
  readonly contactIds: string[];
}

function isSeed(entry: ProfileSeed | Readonly<Record<string, string>>): entry is ProfileSeed {
  return typeof (entry as { fields?: unknown }).fields === "object";
}

/**
 * Customer Profiles as a flow sees them, kept in memory: profiles a test seeds or a flow
 * creates, searched by one field's exact value, updated, and read with their objects and
 * calculated attributes; contacts associated with a profile are kept with it.
 */
export class InMemoryCustomerProfiles {
  readonly #profiles: StoredProfile[] = [];
  #received = 0;

  /** Each entry is a profile's fields, or a ProfileSeed with objects and calculated attributes. */
  constructor(seed: readonly (ProfileSeed | Readonly<Record<string, string>>)[] = []) {
    for (const entry of seed) {
      const profile = isSeed(entry) ? entry : { fields: entry };
      this.#store(profile);
    }
  }

  search(field: string, value: string): readonly CustomerProfile[] {
    return this.#profiles.filter((p) => p.fields[field] === value).map(snapshot);
  }

  get(profileId: string): CustomerProfile | undefined {
    const stored = this.#find(profileId);
    return stored ? snapshot(stored) : undefined;
  }

  create(fields: Readonly<Record<string, string>>): CustomerProfile {
    return snapshot(this.#store({ fields }));
  }

  /** Merges the fields into the profile (an empty value removes one, as UpdateProfile does). */
  update(profileId: string, fields: Readonly<Record<string, string>>): CustomerProfile | undefined {
    const stored = this.#find(profileId);
    if (!stored) return undefined;
    const merged = { ...stored.fields, ...fields };
    for (const [field, value] of Object.entries(fields)) if (value === "") delete merged[field];
    stored.fields = merged;
    return snapshot(stored);
  }

  addObject(profileId: string, objectType: string, fields: Readonly<Record<string, string>>) {
    this.#find(profileId)?.objects.push({ objectType, fields, receivedAt: ++this.#received });
  }

  /** Objects of a type, the latest first; undefined when the profile does not exist. */
  objects(profileId: string, objectType: string): readonly ProfileObject[] | undefined {
    const stored = this.#find(profileId);
    if (!stored) return undefined;
    return stored.objects
      .filter((object) => object.objectType === objectType)
      .sort((a, b) => b.receivedAt - a.receivedAt);
  }

  calculatedAttributes(profileId: string): Readonly<Record<string, string>> | undefined {
    return this.#find(profileId)?.calculatedAttributes;
  }

  /** Associates a contact with the profile; false when there is no such profile. */
  associateContact(profileId: string, contactId: string): boolean {
    const stored = this.#find(profileId);
    if (!stored) return false;
    if (!stored.contactIds.includes(contactId)) stored.contactIds.push(contactId);
    return true;
  }

  /** The contacts associated with a profile. */
  contactsOf(profileId: string): readonly string[] {
    return [...(this.#find(profileId)?.contactIds ?? [])];
  }

  #find(profileId: string): StoredProfile | undefined {
    return this.#profiles.find((p) => p.profileId === profileId);
  }

  #store(seed: ProfileSeed): StoredProfile {
    const stored: StoredProfile = {
      profileId: `profile-${this.#profiles.length + 1}`,
      fields: { ...seed.fields },
      objects: [],
      calculatedAttributes: { ...seed.calculatedAttributes },
      contactIds: [],
    };
    this.#profiles.push(stored);
    for (const object of seed.objects ?? []) {
      this.addObject(stored.profileId, object.objectType, object.fields);
    }
    return stored;
  }
}

function snapshot(stored: StoredProfile): CustomerProfile {
  return { profileId: stored.profileId, fields: { ...stored.fields } };
}
