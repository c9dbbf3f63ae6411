// Bounded memory for pure functions of short texts that an import meets over and over (the same tags, criteria and dates on thousands of credentials).

/** Most results kept; the memory is emptied when full, so it stays small whatever is imported. */
const MEMO_SIZE = 4096;
/** Longer inputs are worked out every time: they are rare, and would make the memory large. */
const MEMO_INPUT_LENGTH = 2048;

/**
 * `fn` with its results kept by input. What it returns is shared between callers: they must not
 * change it.
 */
export function memoised<T>(fn: (input: string) => T): (input: string) => T {
  const kept = new Map<string, T>();
  return (input) => {
    if (input.length > MEMO_INPUT_LENGTH) return fn(input);
    let out = kept.get(input);
    if (out === undefined) {
      if (kept.size >= MEMO_SIZE) kept.clear();
      out = fn(input);
      kept.set(input, out);
    }
    return out;
  };
}
