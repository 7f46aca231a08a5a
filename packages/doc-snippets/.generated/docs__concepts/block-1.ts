// docs/concepts.md:80
import { auth, refreshToken, config, repos, mailer } from './context.ts';

export async function snippet() {
const result = await auth.rotateRefreshToken({ refreshToken });
if (!result.ok) {
  switch (result.reason) {
    case 'replay_detected': /* alert the user */ break;
    case 'expired': case 'revoked': case 'invalid': /* sign in again */ break;
  }
}
}
