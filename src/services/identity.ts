// The user's identities (e-mail addresses, web addresses, phone numbers) that Open Badges recipients are matched against.
import { parseIdentity, type Identity } from '../core/identity';
import { addIdentity, listIdentities, removeIdentity } from '../db/identities';
import type { Input } from '../shared/contract';
import { AppError } from '../shared/errors';
import type { ServiceContext } from './context';

export async function addIdentityService(
  ctx: ServiceContext,
  input: Input<'identity.add'>,
): Promise<{ identity: Identity; added: boolean }> {
  const parsed = parseIdentity(input.value);
  if ('error' in parsed) throw new AppError('bad-input', parsed.error);
  return addIdentity(ctx.db, parsed, ctx.now().toISOString());
}

export async function listIdentitiesService(ctx: ServiceContext): Promise<Identity[]> {
  return listIdentities(ctx.db);
}

export async function removeIdentityService(
  ctx: ServiceContext,
  input: Input<'identity.remove'>,
): Promise<{ removed: Identity }> {
  let which: number | string;
  if (input.id !== undefined) which = input.id;
  else {
    // Phone numbers are stored without spaces; remove them the way they are stored.
    const parsed = parseIdentity(input.value ?? '');
    which = 'error' in parsed ? (input.value ?? '') : parsed.value;
  }
  const removed = removeIdentity(ctx.db, which);
  if (!removed) {
    throw new AppError(
      'not-found',
      typeof which === 'number'
        ? `There is no identity ${which}; see "skillfolio identity list".`
        : `"${which}" is not one of your identities; see "skillfolio identity list".`,
    );
  }
  return { removed };
}
