import type { Repositories } from '@portcullis/core';
import { afterAll, beforeAll, describe } from 'vitest';
import { describeAccountDeletionContract } from './account-deletion.contract.ts';
import { describeAccountStatusContract } from './account-status.contract.ts';
import { describeApiKeyContract } from './api-keys.contract.ts';
import { describeAuditLogContract } from './audit-log.contract.ts';
import { describeConcurrencyContract } from './concurrency.contract.ts';
import { describeHardeningContract } from './hardening.contract.ts';
import { describeMfaContract } from './mfa.contract.ts';
import { describeOAuthAccountContract } from './oauth-accounts.contract.ts';
import { describeOrganizationManagementContract } from './organization-management.contract.ts';
import { describeOrganizationReferenceContract } from './organization-references.contract.ts';
import { describeOrganizationContract } from './organizations.contract.ts';
import { describePasskeyContract } from './passkeys.contract.ts';
import { describePasswordlessContract } from './passwordless.contract.ts';
import { describePendingSignUpContract } from './pending-sign-ups.contract.ts';
import { describePruneContract } from './prune.contract.ts';
import { describeRefreshTokenContract } from './refresh-tokens.contract.ts';
import { describeRefreshWithSessionContract } from './refresh-with-session.contract.ts';
import { describeSessionEndContract } from './session-end.contract.ts';
import { describeSessionContract } from './sessions.contract.ts';
import type { ContractSubject, ContractSubjectFactory } from './subject.ts';
import { describeUserContract } from './users.contract.ts';
import { describeUserDeleteContract } from './users-delete.contract.ts';
import { describeUserListContract } from './users-list.contract.ts';
import { describeVerificationTokenContract } from './verification-tokens.contract.ts';

/** How long the factory may take to open the store. */
const OPEN_TIMEOUT_MS = 60_000;

/**
 * Registers the repository contract suite (vitest) for one adapter: every method of
 * `Repositories` against the guarantees in its doc comment, including races on the
 * **Atomic** methods. Call it at the top level of a test file.
 *
 * `factory` runs once, before the first test (an adapter may open a pool or create a
 * temporary schema there); `close` runs after the last. Tests share that store but never
 * each other's rows: every test builds its own fixtures with fresh random ids and emails,
 * so they pass in any order, in parallel with others, and on a store that is not empty.
 */
export function describeRepositoryContract(name: string, factory: ContractSubjectFactory): void {
  describe(`${name}: repository contract`, () => {
    let subject: ContractSubject | undefined;

    // Opening a store (PGlite's WASM start, a schema's migrations) takes seconds on a
    // busy machine: well past vitest's 10 s hook default, which is not a store failure.
    beforeAll(async () => {
      subject = await factory();
    }, OPEN_TIMEOUT_MS);

    afterAll(async () => {
      await subject?.close?.();
    });

    const repos = (): Repositories => {
      if (subject === undefined) throw new Error('the contract factory has not produced a subject');
      return subject.repos;
    };

    describeUserContract(repos);
    describeUserListContract(repos);
    describeUserDeleteContract(repos);
    describeSessionContract(repos);
    describeSessionEndContract(repos);
    describeRefreshTokenContract(repos);
    describeRefreshWithSessionContract(repos);
    describeVerificationTokenContract(repos);
    describePendingSignUpContract(repos);
    describePasswordlessContract(repos);
    describeOAuthAccountContract(repos);
    describeAccountStatusContract(repos);
    describeConcurrencyContract(repos);
    describeHardeningContract(repos);
    describePruneContract(repos);
    describeAuditLogContract(repos);
    describeMfaContract(repos);
    describeApiKeyContract(repos);
    describeOrganizationContract(repos);
    describeOrganizationManagementContract(repos);
    describeOrganizationReferenceContract(repos);
    describePasskeyContract(repos);
    describeAccountDeletionContract(repos);
  });
}
