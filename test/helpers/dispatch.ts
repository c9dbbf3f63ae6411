// Calling the contract the way a window does (not local), for tests: the value, or the error it answered with.
import { dispatch } from '../../src/services/dispatch';
import type { ServiceContext } from '../../src/services/context';
import type { Input, Method, Output } from '../../src/shared/contract';
import { AppError, type ErrorData } from '../../src/shared/errors';

export async function call<M extends Method>(
  ctx: ServiceContext,
  method: M,
  input: Input<M>,
): Promise<Output<M>> {
  const r = await dispatch(ctx, method, input, { local: false, log: (e) => console.error(e) });
  if (!r.ok) throw new AppError(r.error.code, r.error.message);
  return r.value as Output<M>;
}

/** The error a call answers with; fails the test if it succeeds. Input is unchecked on purpose. */
export async function refusal(
  ctx: ServiceContext,
  method: string,
  input: unknown,
): Promise<ErrorData> {
  const r = await dispatch(ctx, method, input, { local: false });
  if (r.ok)
    throw new Error(`expected ${method} to be refused, it answered ${JSON.stringify(r.value)}`);
  return r.error;
}
