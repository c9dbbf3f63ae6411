// Older Europass/EDCI XML credentials (ELM v1/v2, XAdES-signed): title, issuer and dates, read with no DTD or entities ever.
import { SaxesParser } from 'saxes';
import { emptyCredential } from '../core/credential';
import { AppError } from '../shared/errors';
import { decodeUtf8, JSON_LIMITS } from './json';
import { readDate, readDescription, readLine, readTitle, type Decoded } from './text';

export const XML_LIMITS = {
  /** Largest XML credential read (a diploma supplement with every language is about 1 MB). */
  maxBytes: JSON_LIMITS.maxBytes,
  maxElements: 200_000,
  maxDepth: 256,
  /** Text kept per element; everything we read is a short label or a date. */
  maxTextPerElement: 64 * 1024,
};

type XNode = {
  /** Local name, without any namespace prefix. */
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
  text: string;
};

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i === -1 ? qname : qname.slice(i + 1);
}

/** XML Signature namespace: a `ds:Signature` element holds a seal, never credential data. */
export const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

/**
 * Parses XML into a small tree under hard caps. A DOCTYPE is refused outright: credentials never
 * need one, and it is how entity-expansion and external-entity attacks arrive. XML Signature
 * elements are left out of the tree: nothing inside one is covered by the signature it carries,
 * so a credential read from inside one (a signature-wrapping trick) could say anything.
 */
function parseXmlTree(text: string): XNode {
  const parser = new SaxesParser({ xmlns: false, position: false });
  const root: XNode = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XNode[] = [root];
  // Namespace declarations of each open element in the tree, to tell a real ds:Signature apart.
  const scopes: Map<string, string>[] = [new Map()];
  let skipping = 0;
  let count = 0;
  let refusal: AppError | null = null;

  const namespaceOf = (qname: string): string | undefined => {
    const i = qname.indexOf(':');
    const prefix = i === -1 ? '' : qname.slice(0, i);
    for (let s = scopes.length - 1; s >= 0; s--) {
      const uri = scopes[s]?.get(prefix);
      if (uri !== undefined) return uri;
    }
    return undefined;
  };

  parser.on('doctype', () => {
    refusal ??= new AppError(
      'unsafe-content',
      'This XML file declares a DOCTYPE (which can hide entity-expansion attacks); Skillfolio does not read XML with one.',
    );
  });
  parser.on('opentag', (tag) => {
    if (refusal) return;
    count++;
    if (count > XML_LIMITS.maxElements || stack.length + skipping > XML_LIMITS.maxDepth) {
      refusal = new AppError(
        'too-large',
        'This XML file has more elements or nesting than any credential; it was not read.',
      );
      return;
    }
    if (skipping > 0) {
      skipping++;
      return;
    }
    const attrs: Record<string, string> = {};
    const declared = new Map<string, string>();
    for (const [k, v] of Object.entries(tag.attributes as Record<string, string>)) {
      attrs[k] = v;
      attrs[localName(k)] ??= v;
      if (k === 'xmlns') declared.set('', v);
      else if (k.startsWith('xmlns:')) declared.set(k.slice('xmlns:'.length), v);
    }
    scopes.push(declared);
    if (localName(tag.name) === 'Signature' && namespaceOf(tag.name) === XMLDSIG_NS) {
      scopes.pop();
      skipping = 1;
      return;
    }
    const node: XNode = { name: localName(tag.name), attrs, children: [], text: '' };
    (stack[stack.length - 1] as XNode).children.push(node);
    stack.push(node);
  });
  parser.on('closetag', () => {
    if (skipping > 0) {
      skipping--;
      return;
    }
    if (stack.length > 1) {
      stack.pop();
      scopes.pop();
    }
  });
  const addText = (t: string) => {
    if (skipping > 0) return;
    const node = stack[stack.length - 1] as XNode;
    if (node.text.length < XML_LIMITS.maxTextPerElement)
      node.text += t.slice(0, XML_LIMITS.maxTextPerElement);
  };
  parser.on('text', addText);
  parser.on('cdata', addText);

  try {
    parser.write(text);
    parser.close();
  } catch (err) {
    if (refusal) throw refusal;
    const detail = err instanceof Error ? err.message : String(err);
    throw new AppError('malformed', `This XML file is not well-formed (${detail}).`);
  }
  if (refusal) throw refusal;
  return root;
}

function child(node: XNode, name: string): XNode | null {
  return node.children.find((c) => c.name === name) ?? null;
}

function findFirst(node: XNode, name: string, depth = 0): XNode | null {
  if (depth > XML_LIMITS.maxDepth) return null;
  for (const c of node.children) {
    if (c.name === name) return c;
    const deeper = findFirst(c, name, depth + 1);
    if (deeper) return deeper;
  }
  return null;
}

function findById(node: XNode, id: string, depth = 0): XNode | null {
  if (depth > XML_LIMITS.maxDepth) return null;
  for (const c of node.children) {
    if (c.attrs['id'] === id && c.name !== 'credentialSubject') return c;
    const deeper = findById(c, id, depth + 1);
    if (deeper) return deeper;
  }
  return null;
}

/** ELM text: `<x><text lang="en">…</text>…</x>` (v1/v2) or `<x lang="en">…</x>` (v0.4); English, else the first. */
function xmlText(node: XNode | null): string | null {
  if (!node) return null;
  const texts = node.children.filter((c) => c.name === 'text');
  if (texts.length > 0) {
    const en = texts.find((t) => /^en(-|$)/i.test(t.attrs['lang'] ?? ''));
    return (en ?? (texts[0] as XNode)).text;
  }
  return node.text;
}

/** The element(s) named `name` directly under `node`, English first (v0.4 repeats the element per language). */
function localisedChild(node: XNode, name: string): string | null {
  const all = node.children.filter((c) => c.name === name);
  const en = all.find((c) => /^en(-|$)/i.test(c.attrs['lang'] ?? ''));
  for (const candidate of en ? [en, ...all] : all) {
    const t = xmlText(candidate);
    if (t && t.trim() !== '') return t;
  }
  return null;
}

/** The credential element of a Europass XML file, or null when the XML is something else. */
function findCredential(root: XNode): XNode | null {
  const top = root.children[0];
  if (!top) return null;
  if (top.name === 'europassCredential') return top;
  if (top.name === 'verifiablePresentation') return findFirst(top, 'europassCredential');
  return null;
}

/** Whether parsed XML text is a Europass credential (or a presentation wrapping one). */
export function isEuropassXmlRoot(text: string): boolean {
  return /<(?:[A-Za-z_][\w.-]*:)?(europassCredential|verifiablePresentation)[\s>]/.test(
    text.slice(0, 8192),
  );
}

/**
 * Reads a Europass/EDCI XML credential: the `europassCredential` element itself or the first one
 * inside a Europass `verifiablePresentation` (the envelope Europass delivers signed credentials in).
 */
export function decodeEuropassXml(bytes: Uint8Array): Decoded {
  if (bytes.byteLength > XML_LIMITS.maxBytes) {
    throw new AppError(
      'too-large',
      `This XML file is larger than ${XML_LIMITS.maxBytes / 1024 / 1024} MB, the most Skillfolio reads.`,
    );
  }
  const root = parseXmlTree(decodeUtf8(bytes, 'This XML file'));
  const top = root.children[0];
  const cred = findCredential(root);
  if (!cred) {
    if (top?.name === 'verifiablePresentation') {
      throw new AppError(
        'unsupported-format',
        'This Europass presentation holds no Europass credential, so there is nothing to import.',
      );
    }
    throw new AppError(
      'unsupported-format',
      `This XML document (<${top?.name ?? '?'}>) is not a European Digital Credential; it is not a credential Skillfolio can read.`,
    );
  }
  const notes: string[] = [];
  const title =
    readTitle(localisedChild(cred, 'title')) ??
    readTitle(xmlText(child(child(cred, 'type') ?? cred, 'targetName'))) ??
    'European Digital Credential';
  const c = emptyCredential(title);
  c.credentialId = readLine(cred.attrs['cred:id'] ?? cred.attrs['id']);
  c.description = readDescription(localisedChild(cred, 'description'));
  c.issuedOn = readDate(xmlText(child(cred, 'issued')) ?? xmlText(child(cred, 'issuanceDate')));
  c.validFrom = readDate(xmlText(child(cred, 'validFrom')));
  c.validUntil = readDate(
    xmlText(child(cred, 'validUntil')) ?? xmlText(child(cred, 'expirationDate')),
  );

  const issuer = child(cred, 'issuer');
  const idref = issuer ? readLine(issuer.attrs['idref']) : null;
  const org = idref ? findById(cred, idref) : issuer;
  if (org) {
    c.issuerName =
      readTitle(localisedChild(org, 'prefLabel')) ??
      readTitle(localisedChild(org, 'legalName')) ??
      readTitle(localisedChild(org, 'altLabel'));
  }
  c.issuerId = idref;

  const subject = child(cred, 'credentialSubject');
  if (subject) {
    const mailBox = findFirst(child(subject, 'contactPoint') ?? subject, 'mailBox');
    const mail = mailBox ? readLine(mailBox.attrs['uri'] ?? xmlText(child(mailBox, 'uri'))) : null;
    c.recipient = mail ? mail.replace(/^mailto:/i, '') : readLine(subject.attrs['id']);
  }
  const typeName = readTitle(xmlText(child(child(cred, 'type') ?? cred, 'targetName')));
  c.achievement = { name: title };
  if (c.description) c.achievement.description = c.description;
  if (typeName) c.achievement.type = typeName;
  if (top?.name === 'verifiablePresentation') {
    notes.push('Read from the Europass presentation envelope the credential was delivered in.');
  }
  return { format: 'europass', credential: c, notes, children: [] };
}
