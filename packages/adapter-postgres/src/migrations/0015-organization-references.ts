import type { Migration } from './types.ts';

/**
 * Two references the organization tables lacked, so the database itself keeps them true
 * whatever runs concurrently:
 *
 * - An organization's owner is a user who exists: deleting a user who owns one fails
 *   (`ON DELETE RESTRICT`), which the adapter reports as `owns_organization`. Added
 *   `NOT VALID`: an organization left without an owner before this migration does not
 *   block it (find them with `SELECT id FROM organizations o WHERE NOT EXISTS (SELECT 1
 *   FROM users u WHERE u.id = o.owner_id)`); every write from now on is checked.
 * - An organization's API keys go with it (`ON DELETE CASCADE`): a key created or rotated
 *   while the organization is deleted either fails or is deleted with it. Keys of
 *   organizations already gone are deleted first.
 */
export const organizationReferences: Migration = {
  version: 15,
  name: 'organization-references',
  statements: (s) => [
    `CREATE INDEX organizations_by_owner ON ${s}.organizations (owner_id)`,
    `ALTER TABLE ${s}.organizations ADD CONSTRAINT organizations_owner_fk
      FOREIGN KEY (owner_id) REFERENCES ${s}.users (id) ON DELETE RESTRICT NOT VALID`,
    `DELETE FROM ${s}.api_keys k WHERE k.organization_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM ${s}.organizations o WHERE o.id = k.organization_id)`,
    `ALTER TABLE ${s}.api_keys ADD CONSTRAINT api_keys_organization_fk
      FOREIGN KEY (organization_id) REFERENCES ${s}.organizations (id) ON DELETE CASCADE`,
  ],
};
