// The single entry every transport (IPC, HTTP, CLI) goes through: validate input, run the service, wrap the result.
import { contract, isMethod, type Method, type Output } from '../shared/contract';
import { AppError, toErrorData, type Result } from '../shared/errors';
import type { ServiceContext } from './context';
import { handlers } from './handlers';

export type DispatchOptions = {
  /** True for adapters the user drives directly (CLI, main-process dialogs); false for renderers, which may not name files. */
  local: boolean;
  /** Where unexpected errors are logged before they cross the boundary as `internal`. */
  log?: (err: unknown) => void;
};

export async function dispatch(
  ctx: ServiceContext,
  method: string,
  input: unknown,
  opts: DispatchOptions,
): Promise<Result<unknown>> {
  try {
    if (!isMethod(method)) throw new AppError('bad-input', `Unknown operation "${method}".`);
    const entry = contract[method];
    const parsed = entry.input.safeParse(input ?? {});
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
      throw new AppError('bad-input', `Invalid input for "${method}"${where}: ${first?.message ?? 'rejected'}.`);
    }
    if (!opts.local && 'namesFiles' in entry && entry.namesFiles(parsed.data as never)) {
      throw new AppError(
        'bad-input',
        'Files cannot be imported by name from the window: drop them on the window or choose them with "Choose files".',
      );
    }
    const handler = handlers[method] as (c: ServiceContext, i: unknown) => Promise<Output<Method>>;
    return { ok: true, value: await handler(ctx, parsed.data) };
  } catch (err) {
    if (!(err instanceof AppError)) opts.log?.(err);
    return { ok: false, error: toErrorData(err) };
  }
}
