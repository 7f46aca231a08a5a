import { type Case, collect, deepEqual, equal } from '../registry.ts';
import type { ConformanceTarget } from '../target.ts';

/** Capability flags and provisioning on this runtime. */
export function capabilityCases({ testing, memory }: ConformanceTarget): Case[] {
  return collect('flows', (test) => {
    test('a switched-off flow answers disabled and writes nothing', async () => {
      const h = testing.createTestAuth({
        repos: memory.createMemoryRepositories(),
        config: { flows: { signUp: false, signInCodes: false } },
      });
      const disabled = { ok: false, reason: 'disabled' };
      deepEqual(
        await h.auth.signUp({ email: 'ada@example.com', password: 'correct horse battery staple' }),
        disabled,
        'sign-up',
      );
      deepEqual(await h.auth.requestSignInCode({ email: 'ada@example.com' }), disabled, 'code');
      equal(h.mailbox.length, 0, 'mail sent');
      equal(h.auth.isFlowEnabled({ flow: 'passwordReset' }), true, 'reset stays on');
    });

    test('provisioning creates once and then returns what exists', async () => {
      const h = testing.createTestAuth({ repos: memory.createMemoryRepositories() });
      const first = await h.auth.internal.provisionUser({ email: 'grace@example.com' });
      const again = await h.auth.internal.provisionUser({ email: 'Grace@Example.com' });
      equal(first.ok && first.created, true, 'created');
      equal(
        again.ok && !again.created && first.ok && again.user.id === first.user.id,
        true,
        'same',
      );
      const userId = first.ok ? first.user.id : '';
      const input = { organizationId: 'tenant-1', userId, name: 'Tenant' };
      const org = await h.auth.internal.provisionOrganization(input);
      const orgAgain = await h.auth.internal.provisionOrganization(input);
      equal(org.ok && org.created, true, 'organization created');
      equal(orgAgain.ok && !orgAgain.created, true, 'organization returned');
    });
  });
}
