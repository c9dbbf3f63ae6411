// The skills view and the person's edits to it: list, rename, merge, hide, add, attach and detach.
import { MAX_SKILL_NAME_LENGTH, type SkillView } from '../core/skills';
import { checkText } from '../core/user-text';
import { getCredential } from '../db/credentials';
import {
  addSkill,
  attachCredential,
  backs,
  detachCredential,
  findSkill,
  getSkillView,
  hideSkill,
  listSkillViews,
  mergeSkills,
  renameSkill,
  skillName,
  skillNamedLike,
} from '../db/skills';
import type { Input } from '../shared/contract';
import { AppError } from '../shared/errors';
import type { ServiceContext } from './context';
import { inertText } from '../core/inert-text';

const NAME_RULE = { label: 'The skill name', max: MAX_SKILL_NAME_LENGTH };

/** A name quoted in a message: one line, clipped, nothing that could disguise it. */
function quote(text: string): string {
  return `“${inertText(text, { max: 60, singleLine: true })}”`;
}

function requireSkill(ctx: ServiceContext, ref: string): string {
  const key = findSkill(ctx.db, ref);
  if (key === null) {
    throw new AppError(
      'not-found',
      `There is no skill ${quote(ref)} in this library (see the skills list for the names in use).`,
    );
  }
  return key;
}

function view(ctx: ServiceContext, key: string): SkillView {
  const found = getSkillView(ctx.db, key);
  if (found === null) throw new AppError('not-found', 'That skill is no longer in this library.');
  return found;
}

function requireCredentials(ctx: ServiceContext, ids: readonly number[]): void {
  const seen = new Set<number>();
  for (const id of ids) {
    if (seen.has(id)) throw new AppError('bad-input', `Credential #${id} is named twice.`);
    seen.add(id);
    if (getCredential(ctx.db, id) === null) {
      throw new AppError('not-found', `There is no credential ${id} in this library.`);
    }
  }
}

export async function listSkillsService(
  ctx: ServiceContext,
  input: Input<'skills.list'>,
): Promise<SkillView[]> {
  return listSkillViews(ctx.db, { includeHidden: input.includeHidden, perSkill: input.perSkill });
}

export async function renameSkillService(
  ctx: ServiceContext,
  input: Input<'skills.rename'>,
): Promise<SkillView> {
  const key = requireSkill(ctx, input.skill);
  const name = checkText(input.name, NAME_RULE);
  const clash = skillNamedLike(ctx.db, name, key);
  if (clash !== null) {
    throw new AppError(
      'bad-input',
      `A skill named ${quote(skillName(ctx.db, clash))} already exists: merge the two instead of renaming.`,
    );
  }
  renameSkill(ctx.db, key, name, ctx.now().toISOString());
  return view(ctx, key);
}

export async function mergeSkillsService(
  ctx: ServiceContext,
  input: Input<'skills.merge'>,
): Promise<SkillView> {
  const into = requireSkill(ctx, input.into);
  const from = new Set<string>();
  for (const ref of input.skills) {
    const key = requireSkill(ctx, ref);
    if (key === into) {
      throw new AppError(
        'bad-input',
        `${quote(ref)} is already ${quote(skillName(ctx.db, into))}: a skill cannot be merged into itself.`,
      );
    }
    from.add(key);
  }
  mergeSkills(ctx.db, [...from], into, ctx.now().toISOString());
  return view(ctx, into);
}

export async function hideSkillService(
  ctx: ServiceContext,
  input: Input<'skills.hide'>,
): Promise<SkillView> {
  const key = requireSkill(ctx, input.skill);
  hideSkill(ctx.db, key, input.hidden ?? true, ctx.now().toISOString());
  return view(ctx, key);
}

export async function addSkillService(
  ctx: ServiceContext,
  input: Input<'skills.add'>,
): Promise<SkillView> {
  const name = checkText(input.name, NAME_RULE);
  const ids = input.credentialIds ?? [];
  requireCredentials(ctx, ids);
  const existing = skillNamedLike(ctx.db, name, null);
  if (existing !== null) {
    throw new AppError(
      'bad-input',
      `The skill ${quote(skillName(ctx.db, existing))} already exists${getSkillView(ctx.db, existing)?.hidden ? ' (hidden: show it again instead)' : ''}.`,
    );
  }
  const merged = findSkill(ctx.db, name);
  if (merged !== null) {
    throw new AppError(
      'bad-input',
      `${quote(name)} is already part of the skill ${quote(skillName(ctx.db, merged))}.`,
    );
  }
  const now = ctx.now().toISOString();
  const key = ctx.db.transaction(() => {
    const k = addSkill(ctx.db, name, now);
    for (const id of ids) attachCredential(ctx.db, k, id, now);
    return k;
  })();
  return view(ctx, key);
}

export async function attachSkillService(
  ctx: ServiceContext,
  input: Input<'skills.attach'>,
): Promise<SkillView> {
  const key = requireSkill(ctx, input.skill);
  requireCredentials(ctx, input.credentialIds);
  const now = ctx.now().toISOString();
  ctx.db.transaction(() => {
    for (const id of input.credentialIds) attachCredential(ctx.db, key, id, now);
  })();
  return view(ctx, key);
}

export async function detachSkillService(
  ctx: ServiceContext,
  input: Input<'skills.detach'>,
): Promise<SkillView | null> {
  const key = requireSkill(ctx, input.skill);
  requireCredentials(ctx, input.credentialIds);
  for (const id of input.credentialIds) {
    if (!backs(ctx.db, key, id)) {
      throw new AppError(
        'bad-input',
        `Credential #${id} is not one of the credentials behind ${quote(skillName(ctx.db, key))}.`,
      );
    }
  }
  const now = ctx.now().toISOString();
  ctx.db.transaction(() => {
    for (const id of input.credentialIds) detachCredential(ctx.db, key, id, now);
  })();
  // Detaching the last credential of a skill read from credentials leaves no skill to show.
  return getSkillView(ctx.db, key);
}
