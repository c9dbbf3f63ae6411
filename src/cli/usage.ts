// Wrong usage of the command line is its own kind of failure: it prints help hints and exits 2, not 1.
export class UsageError extends Error {}

/** A credential id as typed: 12 or #12. */
export function parseCredentialId(text: string): number {
  const id = Number(text.replace(/^#/, ''));
  if (!/^#?\d+$/.test(text) || !Number.isSafeInteger(id) || id <= 0) {
    throw new UsageError(
      `"${text.slice(0, 40)}" is not a credential id (a number from "skillfolio list").`,
    );
  }
  return id;
}
