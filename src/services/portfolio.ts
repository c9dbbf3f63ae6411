// Portfolios: a person's chosen credentials grouped for a role — building them, and the snapshot exports read.
import type { CredentialDetail, CredentialSummary } from '../core/library';
import type {
  HideableField,
  Portfolio,
  PortfolioPreviewData,
  PortfolioSnapshot,
} from '../core/portfolio';
import type { PortfolioListItem, PortfolioView } from '../core/portfolio-view';
import { inertText } from '../core/inert-text';
import { checkOptionalText, checkText } from '../core/user-text';
import { getCredential, getImage, getOriginal } from '../db/credentials';
import * as store from '../db/portfolios';
import { findSkill, skillName, skillsOfCredentials } from '../db/skills';
import type { Input } from '../shared/contract';
import { AppError } from '../shared/errors';
import type { ServiceContext } from './context';

export const MAX_PORTFOLIO_NAME = 200;
export const MAX_LINKS = 20;
/** The section credentials go to when nobody names one and the portfolio has none yet. */
export const DEFAULT_SECTION = 'Credentials';

const RULES = {
  name: { label: 'The portfolio name', max: MAX_PORTFOLIO_NAME },
  personName: { label: 'The person’s name', max: 200 },
  headline: { label: 'The headline', max: 300 },
  email: { label: 'The e-mail address', max: 320 },
  link: { label: 'A link', max: 2048 },
  targetRole: { label: 'The target role', max: 200 },
  summary: { label: 'The summary', max: 10_000, multiline: true },
  section: { label: 'The section title', max: 200 },
  note: { label: 'The note', max: 5_000, multiline: true },
} as const;

function quote(text: string): string {
  return `“${inertText(text, { max: 60, singleLine: true })}”`;
}

// ---------------------------------------------------------------------------------------------------
// Checking what the person typed

function checkName(ctx: ServiceContext, raw: string, except: number | null): string {
  const name = checkText(raw, RULES.name);
  if (/^#?\d+$/.test(name)) {
    throw new AppError(
      'bad-input',
      'A portfolio name cannot be only a number: it would be mistaken for a portfolio id.',
    );
  }
  const taken = store.portfolioIdByName(ctx.db, name);
  if (taken !== null && taken !== except) {
    throw new AppError('bad-input', `There is already a portfolio named ${quote(name)}.`);
  }
  return name;
}

function checkEmail(raw: string | null): string | null {
  const email = checkOptionalText(raw, RULES.email);
  if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(email)) {
    throw new AppError('bad-input', `${quote(email)} is not an e-mail address.`);
  }
  return email;
}

function checkLinks(raw: readonly string[]): string[] {
  if (raw.length > MAX_LINKS) {
    throw new AppError('bad-input', `A portfolio can list at most ${MAX_LINKS} links.`);
  }
  return raw.map((r, i) => {
    const text = checkText(r, { ...RULES.link, label: `Link ${i + 1}` });
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new AppError(
        'bad-input',
        `Link ${i + 1} is not a web address (it must start with https:// or http://).`,
      );
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new AppError(
        'bad-input',
        `Link ${i + 1} must be a web address starting with https:// or http://.`,
      );
    }
    return text;
  });
}

type FieldInput = {
  personName?: string | null;
  headline?: string | null;
  email?: string | null;
  links?: string[];
  targetRole?: string | null;
  summary?: string | null;
};

function checkFields(input: FieldInput): Partial<store.PortfolioFields> {
  const out: Partial<store.PortfolioFields> = {};
  if (input.personName !== undefined)
    out.personName = checkOptionalText(input.personName, RULES.personName) ?? '';
  if (input.headline !== undefined)
    out.headline = checkOptionalText(input.headline, RULES.headline);
  if (input.email !== undefined) out.email = checkEmail(input.email);
  if (input.links !== undefined) out.links = checkLinks(input.links);
  if (input.targetRole !== undefined)
    out.targetRole = checkOptionalText(input.targetRole, RULES.targetRole);
  if (input.summary !== undefined) out.summary = checkOptionalText(input.summary, RULES.summary);
  return out;
}

function requirePortfolio(ctx: ServiceContext, id: number): void {
  if (!store.portfolioExists(ctx.db, id)) {
    throw new AppError('not-found', `There is no portfolio ${id} in this library.`);
  }
}

function requireSection(ctx: ServiceContext, id: number, sectionId: number): store.SectionRow {
  const s = store.sectionById(ctx.db, id, sectionId);
  if (s === null) throw new AppError('not-found', `This portfolio has no section ${sectionId}.`);
  return s;
}

function requireEntry(ctx: ServiceContext, id: number, credentialId: number): store.EntryPlace {
  const place = store.entryPlace(ctx.db, id, credentialId);
  if (place === null) {
    throw new AppError('not-found', `Credential #${credentialId} is not in this portfolio.`);
  }
  return place;
}

/** Refuses a position past `last` (0-based), naming the positions that fit (1-based, as people count). */
function checkIndex(index: number, last: number, what: string): void {
  if (index > last) {
    throw new AppError(
      'bad-input',
      `Position ${index + 1} is out of range: ${what} has ${last === 0 ? 'only position 1' : `positions 1–${last + 1}`}.`,
    );
  }
}

function now(ctx: ServiceContext): string {
  return ctx.now().toISOString();
}

// ---------------------------------------------------------------------------------------------------
// Reading

/** The portfolio with the library summary of each credential in it. */
export function portfolioView(ctx: ServiceContext, id: number): PortfolioView {
  const p = store.getPortfolio(ctx.db, id);
  if (p === null) throw new AppError('not-found', `There is no portfolio ${id} in this library.`);
  const credentials: Record<number, CredentialSummary> = {};
  for (const s of p.sections) {
    for (const e of s.entries) {
      const detail = getCredential(ctx.db, e.credentialId);
      if (detail !== null) credentials[e.credentialId] = summaryOf(detail);
    }
  }
  return { ...p, credentials };
}

function summaryOf(d: CredentialDetail): CredentialSummary {
  return {
    id: d.id,
    parentId: d.parentId,
    format: d.format,
    title: d.title,
    issuerName: d.issuerName,
    issuedOn: d.issuedOn,
    validUntil: d.validUntil,
    verdict: d.verdict,
    source: d.source,
    importedAt: d.importedAt,
    hasImage: d.hasImage,
    skills: d.skills,
    issuerHosted: d.issuerHosted,
  };
}

export async function listPortfoliosService(ctx: ServiceContext): Promise<PortfolioListItem[]> {
  return store.listPortfolios(ctx.db);
}

export async function getPortfolioService(
  ctx: ServiceContext,
  input: Input<'portfolio.get'>,
): Promise<PortfolioView> {
  return portfolioView(ctx, input.id);
}

// ---------------------------------------------------------------------------------------------------
// The portfolio itself

export async function createPortfolioService(
  ctx: ServiceContext,
  input: Input<'portfolio.create'>,
): Promise<PortfolioView> {
  const name = checkName(ctx, input.name, null);
  const fields = checkFields(input);
  const id = store.createPortfolio(
    ctx.db,
    name,
    {
      personName: fields.personName ?? '',
      headline: fields.headline ?? null,
      email: fields.email ?? null,
      links: fields.links ?? [],
      targetRole: fields.targetRole ?? null,
      summary: fields.summary ?? null,
    },
    now(ctx),
  );
  return portfolioView(ctx, id);
}

export async function updatePortfolioService(
  ctx: ServiceContext,
  input: Input<'portfolio.update'>,
): Promise<PortfolioView> {
  requirePortfolio(ctx, input.id);
  const patch: store.PortfolioPatch = checkFields(input);
  if (input.name !== undefined) patch.name = checkName(ctx, input.name, input.id);
  store.updatePortfolio(ctx.db, input.id, patch, now(ctx));
  return portfolioView(ctx, input.id);
}

/** "CV (copy)", "CV (copy 2)" …: the first free name, clipped so it stays within the limit. */
function copyName(ctx: ServiceContext, name: string): string {
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? ' (copy)' : ` (copy ${n})`;
    const room = MAX_PORTFOLIO_NAME - suffix.length;
    const chars = Array.from(name);
    const candidate = `${chars.length > room ? chars.slice(0, room).join('').trimEnd() : name}${suffix}`;
    if (store.portfolioIdByName(ctx.db, candidate) === null) return candidate;
  }
}

export async function duplicatePortfolioService(
  ctx: ServiceContext,
  input: Input<'portfolio.duplicate'>,
): Promise<PortfolioView> {
  const original = store.getPortfolio(ctx.db, input.id);
  if (original === null)
    throw new AppError('not-found', `There is no portfolio ${input.id} in this library.`);
  const name =
    input.name === undefined ? copyName(ctx, original.name) : checkName(ctx, input.name, null);
  const copy = store.duplicatePortfolio(ctx.db, input.id, name, now(ctx));
  return portfolioView(ctx, copy);
}

export async function deletePortfolioService(
  ctx: ServiceContext,
  input: Input<'portfolio.delete'>,
): Promise<{ deleted: { id: number; name: string } }> {
  const p = store.getPortfolio(ctx.db, input.id);
  if (p === null)
    throw new AppError('not-found', `There is no portfolio ${input.id} in this library.`);
  store.deletePortfolio(ctx.db, input.id);
  return { deleted: { id: p.id, name: p.name } };
}

// ---------------------------------------------------------------------------------------------------
// Sections

/** Makes a section; a title naming one of the library's skills makes a skill section. */
function newSection(
  ctx: ServiceContext,
  id: number,
  title: string | undefined,
  skill: string | undefined,
  index: number | null,
): number {
  let skillKey: string | null = null;
  if (skill !== undefined) {
    skillKey = findSkill(ctx.db, skill);
    if (skillKey === null) {
      throw new AppError('not-found', `There is no skill ${quote(skill)} in this library.`);
    }
  }
  const chosen = checkText(
    title ?? (skillKey === null ? '' : skillName(ctx.db, skillKey)),
    RULES.section,
  );
  if (skill === undefined) skillKey = findSkill(ctx.db, chosen);
  if (store.sectionByTitle(ctx.db, id, chosen) !== null) {
    throw new AppError('bad-input', `This portfolio already has a section ${quote(chosen)}.`);
  }
  if (index !== null) checkIndex(index, store.sectionsOf(ctx.db, id).length, 'the portfolio');
  return store.addSection(ctx.db, id, chosen, skillKey, index, now(ctx));
}

export async function addSectionService(
  ctx: ServiceContext,
  input: Input<'portfolio.addSection'>,
): Promise<PortfolioView> {
  requirePortfolio(ctx, input.id);
  newSection(ctx, input.id, input.title, input.skill, input.index ?? null);
  return portfolioView(ctx, input.id);
}

export async function renameSectionService(
  ctx: ServiceContext,
  input: Input<'portfolio.renameSection'>,
): Promise<PortfolioView> {
  requirePortfolio(ctx, input.id);
  requireSection(ctx, input.id, input.sectionId);
  const title = checkText(input.title, RULES.section);
  const clash = store.sectionByTitle(ctx.db, input.id, title);
  if (clash !== null && clash.id !== input.sectionId) {
    throw new AppError('bad-input', `This portfolio already has a section ${quote(title)}.`);
  }
  store.renameSection(ctx.db, input.id, input.sectionId, title, now(ctx));
  return portfolioView(ctx, input.id);
}

export async function removeSectionService(
  ctx: ServiceContext,
  input: Input<'portfolio.removeSection'>,
): Promise<PortfolioView> {
  requirePortfolio(ctx, input.id);
  requireSection(ctx, input.id, input.sectionId);
  store.removeSection(ctx.db, input.id, input.sectionId, now(ctx));
  return portfolioView(ctx, input.id);
}

export async function moveSectionService(
  ctx: ServiceContext,
  input: Input<'portfolio.moveSection'>,
): Promise<PortfolioView> {
  requirePortfolio(ctx, input.id);
  requireSection(ctx, input.id, input.sectionId);
  checkIndex(input.index, store.sectionsOf(ctx.db, input.id).length - 1, 'the portfolio');
  store.moveSection(ctx.db, input.id, input.sectionId, input.index, now(ctx));
  return portfolioView(ctx, input.id);
}

// ---------------------------------------------------------------------------------------------------
// Entries

/** The section new entries go to: the one named, else the first, else a new "Credentials" section. */
function targetSection(
  ctx: ServiceContext,
  id: number,
  input: Input<'portfolio.addEntries'>,
): number {
  if (input.sectionId !== undefined) return requireSection(ctx, id, input.sectionId).id;
  if (input.section !== undefined) {
    const title = checkText(input.section, RULES.section);
    const found = store.sectionByTitle(ctx.db, id, title);
    return found?.id ?? newSection(ctx, id, title, undefined, null);
  }
  const first = store.sectionsOf(ctx.db, id)[0];
  return first?.id ?? newSection(ctx, id, DEFAULT_SECTION, undefined, null);
}

export async function addEntriesService(
  ctx: ServiceContext,
  input: Input<'portfolio.addEntries'>,
): Promise<PortfolioView> {
  requirePortfolio(ctx, input.id);
  const seen = new Set<number>();
  for (const credentialId of input.credentialIds) {
    if (seen.has(credentialId)) {
      throw new AppError('bad-input', `Credential #${credentialId} is named twice.`);
    }
    seen.add(credentialId);
    if (getCredential(ctx.db, credentialId) === null) {
      throw new AppError('not-found', `There is no credential ${credentialId} in this library.`);
    }
    const place = store.entryPlace(ctx.db, input.id, credentialId);
    if (place !== null) {
      const section = store.sectionById(ctx.db, input.id, place.sectionId);
      throw new AppError(
        'bad-input',
        `Credential #${credentialId} is already in this portfolio (section ${quote(section?.title ?? '?')}); move it instead.`,
      );
    }
  }
  ctx.db.transaction(() => {
    const sectionId = targetSection(ctx, input.id, input);
    if (input.index !== undefined) {
      checkIndex(input.index, store.entryCount(ctx.db, sectionId), 'the section');
    }
    store.addEntries(
      ctx.db,
      input.id,
      sectionId,
      input.credentialIds,
      input.index ?? null,
      now(ctx),
    );
  })();
  return portfolioView(ctx, input.id);
}

export async function removeEntryService(
  ctx: ServiceContext,
  input: Input<'portfolio.removeEntry'>,
): Promise<PortfolioView> {
  requirePortfolio(ctx, input.id);
  requireEntry(ctx, input.id, input.credentialId);
  store.removeEntry(ctx.db, input.id, input.credentialId, now(ctx));
  return portfolioView(ctx, input.id);
}

export async function moveEntryService(
  ctx: ServiceContext,
  input: Input<'portfolio.moveEntry'>,
): Promise<PortfolioView> {
  requirePortfolio(ctx, input.id);
  const place = requireEntry(ctx, input.id, input.credentialId);
  const sectionId =
    input.sectionId === undefined
      ? place.sectionId
      : requireSection(ctx, input.id, input.sectionId).id;
  const others = store.entryCount(ctx.db, sectionId) - (sectionId === place.sectionId ? 1 : 0);
  checkIndex(input.index, others, 'the section');
  store.moveEntry(ctx.db, input.id, input.credentialId, sectionId, input.index, now(ctx));
  return portfolioView(ctx, input.id);
}

export async function setEntryNoteService(
  ctx: ServiceContext,
  input: Input<'portfolio.setEntryNote'>,
): Promise<PortfolioView> {
  requirePortfolio(ctx, input.id);
  requireEntry(ctx, input.id, input.credentialId);
  const note = checkOptionalText(input.note, RULES.note);
  store.setEntryNote(ctx.db, input.id, input.credentialId, note, now(ctx));
  return portfolioView(ctx, input.id);
}

export async function setEntryHiddenService(
  ctx: ServiceContext,
  input: Input<'portfolio.setEntryHidden'>,
): Promise<PortfolioView> {
  requirePortfolio(ctx, input.id);
  requireEntry(ctx, input.id, input.credentialId);
  store.setEntryHidden(ctx.db, input.id, input.credentialId, input.hidden, now(ctx));
  return portfolioView(ctx, input.id);
}

// ---------------------------------------------------------------------------------------------------
// The snapshot exports read

/** The detail with the fields the person chose to hide taken out, so no exporter can show them by mistake. */
function withoutHidden(d: CredentialDetail, hidden: readonly HideableField[]): CredentialDetail {
  const out: CredentialDetail = {
    ...d,
    achievement: d.achievement === null ? null : { ...d.achievement },
  };
  for (const field of hidden) {
    switch (field) {
      case 'recipient':
        out.recipient = null;
        break;
      case 'description':
        out.description = null;
        if (out.achievement) delete out.achievement.description;
        break;
      case 'evidence':
        out.evidence = [];
        break;
      case 'validUntil':
        out.validUntil = null;
        break;
      case 'issuedOn':
        out.issuedOn = null;
        break;
      case 'image':
        out.hasImage = false;
        break;
      case 'criteria':
        if (out.achievement) delete out.achievement.criteria;
        break;
    }
  }
  return out;
}

/**
 * Everything an export of portfolio `id` needs, read in one transaction so it is consistent: the
 * portfolio, each entry's credential (detail with hidden fields removed, original bytes, image unless
 * hidden) and the portfolio's skills with the credentials backing each — skill sections first, in
 * their order, then the others by how many credentials back them.
 */
export function snapshotPortfolio(ctx: ServiceContext, id: number): PortfolioSnapshot {
  return ctx.db.transaction((): PortfolioSnapshot => {
    const portfolio: Portfolio | null = store.getPortfolio(ctx.db, id);
    if (portfolio === null)
      throw new AppError('not-found', `There is no portfolio ${id} in this library.`);
    const credentials: PortfolioSnapshot['credentials'] = {};
    const ids: number[] = [];
    for (const section of portfolio.sections) {
      for (const entry of section.entries) {
        const detail = getCredential(ctx.db, entry.credentialId);
        const original = getOriginal(ctx.db, entry.credentialId);
        if (detail === null || original === null) continue;
        const showImage = !entry.hidden.includes('image');
        credentials[entry.credentialId] = {
          detail: withoutHidden(detail, entry.hidden),
          original,
          image: showImage ? getImage(ctx.db, entry.credentialId) : null,
        };
        ids.push(entry.credentialId);
      }
    }
    const skills = skillsOfCredentials(ctx.db, ids);
    const sectionOrder = new Map<string, number>();
    portfolio.sections.forEach((s, i) => {
      if (s.skill !== null && !sectionOrder.has(s.skill)) sectionOrder.set(s.skill, i);
    });
    skills.sort((a, b) => {
      const sa = sectionOrder.get(a.name) ?? Number.MAX_SAFE_INTEGER;
      const sb = sectionOrder.get(b.name) ?? Number.MAX_SAFE_INTEGER;
      if (sa !== sb) return sa - sb;
      if (a.credentialIds.length !== b.credentialIds.length) {
        return b.credentialIds.length - a.credentialIds.length;
      }
      return a.name.localeCompare(b.name);
    });
    return {
      portfolio,
      credentials,
      skills: skills.map((s) => ({ name: s.name, credentialIds: s.credentialIds })),
      exportedAt: ctx.now().toISOString(),
    };
  })();
}

export async function snapshotPortfolioService(
  ctx: ServiceContext,
  input: Input<'portfolio.snapshot'>,
): Promise<PortfolioSnapshot> {
  return snapshotPortfolio(ctx, input.id);
}

/** The same snapshot the export reads, minus the bytes: the live preview's view. */
export async function previewPortfolioService(
  ctx: ServiceContext,
  input: Input<'portfolio.preview'>,
): Promise<PortfolioPreviewData> {
  const s = snapshotPortfolio(ctx, input.id);
  const credentials: PortfolioPreviewData['credentials'] = {};
  for (const [id, c] of Object.entries(s.credentials))
    credentials[Number(id)] = { detail: c.detail };
  return { ...s, credentials };
}
