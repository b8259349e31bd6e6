import { useNavigate, useSearchParams } from 'react-router';
import { useClientRuntime } from '../../../app/ClientRuntime.js';
import { homeFor } from '../../../app/RequireRole.js';
import { trpc } from '../../../app/trpc.js';
import type { Role } from '../../../../shared/domain.js';

/** Where to go after signing in: back where the visitor was sent from, or their role's home. */
function useFinishSignIn() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { tokens } = useClientRuntime();
  return ({ token, user }: { token: string; user: { role: Role } }) => {
    const next = params.get('next');
    tokens.setToken(token);
    // Only same-site paths, so a crafted link cannot bounce a fresh session elsewhere.
    void navigate(next?.startsWith('/') && !next.startsWith('//') ? next : homeFor(user.role), { replace: true });
  };
}

export function useSignIn() {
  return trpc.auth.login.useMutation({ onSuccess: useFinishSignIn() });
}

export function useRegister() {
  return trpc.auth.register.useMutation({ onSuccess: useFinishSignIn() });
}
