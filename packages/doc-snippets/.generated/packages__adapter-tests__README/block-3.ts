// packages/adapter-tests/README.md:114

import {
  aRefreshToken,
  aSession,
  atMinute,
  aUser,
  aVerificationToken,
} from '@portcullis/adapter-tests';
export async function snippet() {

const user = aUser({ email: 'Ann@Example.test' }); // emailKey 'ann@example.test'
const session = aSession(user.id, { aal: 'aal2' });
const token = aRefreshToken({ sessionId: session.id, userId: user.id });
const code = aVerificationToken(user.id, { purpose: 'password_reset', expiresAt: atMinute(15) });
}
