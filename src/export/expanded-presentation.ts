// The presentation in expanded JSON-LD form, assembled from each credential's own expansion, so the holder proof does not expand every unchanged original again at each export.
import jsonld from 'jsonld';
import { SizedLru } from '../core/sized-lru';
import { expandJsonLd } from '../verify/canonical-rdf';
import { documentLoader } from '../verify/contexts';

type Doc = Record<string, unknown>;

const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
const VERIFIABLE_CREDENTIAL = 'https://www.w3.org/2018/credentials#verifiableCredential';
const SLOT_TYPE = 'urn:skillfolio:embedded-credential';

/** A credential of the presentation: its document and, for an original, a key naming its bytes. */
export type PresentationPart = { document: Doc; key?: string; size?: number };

/**
 * Originals expanded in this process, by the digest of their stored bytes (a stored original never
 * changes), frozen so nothing can alter them between exports. Bounded by the originals' sizes (an
 * expansion takes a few times its original's size in memory): hundreds of credentials.
 */
const expandedOriginals = new SizedLru<{ expanded: readonly Doc[]; size: number }>(
  16 * 1024 * 1024,
  (e) => e.size,
);

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const options = () => ({ safe: true, documentLoader });

/**
 * Each part's expansion: kept ones from memory, the others on a verification thread when one is
 * free (all in one job). Null when one cannot be expanded.
 */
async function expandParts(
  parts: readonly PresentationPart[],
): Promise<Array<readonly Doc[]> | null> {
  const kept = parts.map((p) => (p.key === undefined ? undefined : expandedOriginals.get(p.key)));
  const missing = parts.filter((_, k) => kept[k] === undefined);
  const fresh = await expandJsonLd(missing.map((p) => p.document));
  const out: Array<readonly Doc[]> = [];
  let next = 0;
  for (const [k, part] of parts.entries()) {
    const hit = kept[k];
    if (hit) {
      out.push(hit.expanded);
      continue;
    }
    const made = fresh[next++];
    if (!made?.ok) return null;
    const expanded = deepFreeze(made.expanded);
    if (part.key !== undefined) {
      expandedOriginals.set(part.key, {
        expanded,
        size: part.size ?? JSON.stringify(part.document).length,
      });
    }
    out.push(expanded);
  }
  return out;
}

function isDoc(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `presentation` (without its proof) in expanded form, its credentials' expansions taken from
 * `parts` in order. Exactly what expanding the whole presentation gives: in the VC 2.0 context a
 * presentation's `verifiableCredential` carries a null scoped context, so each credential in it is
 * expanded from its own `@context` alone, as when it stands alone. Null when that cannot be relied
 * on (another context, a credential that is a graph) or when anything fails to expand: the caller
 * then expands the whole presentation, which also says what is wrong.
 */
export async function expandPresentation(
  presentation: Doc,
  parts: readonly PresentationPart[],
): Promise<Doc[] | null> {
  const context = presentation['@context'];
  const credentials = presentation.verifiableCredential;
  if (!Array.isArray(context) || context.length !== 1 || context[0] !== VC_V2_CONTEXT) return null;
  if (!Array.isArray(credentials) || credentials.length !== parts.length) return null;
  if (parts.some((p, k) => p.document !== credentials[k] || '@graph' in p.document)) return null;
  try {
    const slotId = (k: number) => `urn:skillfolio:embedded-credential:${k}`;
    const shell = {
      ...presentation,
      verifiableCredential: parts.map((_, k) => ({ '@id': slotId(k), '@type': SLOT_TYPE })),
    };
    const expanded = (await jsonld.expand(shell, options())) as Doc[];
    const top = expanded.length === 1 ? expanded[0] : undefined;
    const graphs = top?.[VERIFIABLE_CREDENTIAL];
    if (!top || !Array.isArray(graphs) || graphs.length !== parts.length) return null;
    const slots = graphs.map((g: unknown) => {
      const nodes = isDoc(g) ? g['@graph'] : undefined;
      const node: unknown = Array.isArray(nodes) && nodes.length === 1 ? nodes[0] : undefined;
      return isDoc(node) ? node['@id'] : undefined;
    });
    if (slots.some((id, k) => id !== slotId(k))) return null;
    const filled = await expandParts(parts);
    if (!filled) return null;
    top[VERIFIABLE_CREDENTIAL] = filled.map((nodes) => ({ '@graph': nodes }));
    return expanded;
  } catch {
    return null;
  }
}
