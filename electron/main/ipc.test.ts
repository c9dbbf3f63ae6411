// The IPC binder against a real library: only our window's main frame on our page gets through, with valid input.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLiveLibrary, type LiveLibrary } from '../../src/services/live-library';
import { openSession } from '../../src/services/session';
import { createIpcHandler, createSenderCheck, type IpcEventLike, type IpcHandler } from './ipc';

const INDEX_URL = 'file:///opt/Skillfolio/resources/app.asar/out/renderer/index.html';
const WINDOW_ID = 7;

/** The two fields of Electron's IpcMainInvokeEvent the check reads: the process edge, faked. */
function event(
  opts: { senderId?: number; url?: string; subframe?: boolean; noFrame?: boolean } = {},
): IpcEventLike {
  return {
    sender: { id: opts.senderId ?? WINDOW_ID },
    senderFrame: opts.noFrame
      ? null
      : { url: opts.url ?? INDEX_URL, parent: opts.subframe ? { url: INDEX_URL } : null },
  };
}

function ob3(title: string): string {
  return JSON.stringify({
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ],
    id: `urn:uuid:${title.replace(/\W+/g, '-')}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: 'https://example.edu/issuers/1', type: ['Profile'], name: 'Example University' },
    validFrom: '2024-05-01T00:00:00Z',
    name: title,
    credentialSubject: {
      type: ['AchievementSubject'],
      achievement: { type: ['Achievement'], name: title },
    },
  });
}

let dir: string;
let library: LiveLibrary;
let dataDir: string;
let handle: IpcHandler;
let windowOpen: boolean;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillfolio-ipc-'));
  dataDir = path.join(dir, 'data');
  library = createLiveLibrary(
    (libraryDir) => openSession({ libraryDir, dataDir, offline: true }),
    dataDir,
  );
  windowOpen = true;
  handle = createIpcHandler({
    library,
    isTrustedSender: createSenderCheck({
      windowContentsId: () => (windowOpen ? WINDOW_ID : null),
      location: { indexUrl: INDEX_URL },
    }),
  });
});

afterEach(() => {
  library.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function total(): Promise<number> {
  const res = await handle(event(), { method: 'library.list', input: {} });
  if (!res.ok) throw new Error(res.error.message);
  return (res.value as { total: number }).total;
}

const importPaste = {
  method: 'library.import',
  input: { sources: [{ kind: 'text', text: ob3('Paste') }] },
};

describe('sender check', () => {
  it.each([
    ['another web contents', event({ senderId: 99 })],
    ['an iframe inside our window', event({ subframe: true })],
    ['a page that is not ours', event({ url: 'https://evil.example/index.html' })],
    ['another local file', event({ url: 'file:///tmp/evil.html' })],
    ['a destroyed frame', event({ noFrame: true })],
  ])('refuses %s and changes nothing', async (_name, foreign) => {
    const res = await handle(foreign, importPaste);
    expect(res).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(!res.ok && res.error.message).toMatch(/did not come from the Skillfolio window/);
    expect(await total()).toBe(0);
  });

  it('refuses everything once the window is gone', async () => {
    windowOpen = false;
    expect(await handle(event(), { method: 'library.info', input: {} })).toMatchObject({
      ok: false,
    });
  });
});

describe('input', () => {
  it.each([
    ['no payload', undefined],
    ['a string', 'library.list'],
    ['no method', { input: {} }],
    ['an unknown method', { method: 'library.wipe', input: {} }],
    ['a wrong type', { method: 'library.get', input: { id: '1; DROP TABLE' } }],
    ['an extra key', { method: 'library.list', input: { everything: true } }],
  ])('answers %s with bad-input', async (_name, payload) => {
    expect(await handle(event(), payload)).toMatchObject({
      ok: false,
      error: { code: 'bad-input' },
    });
  });

  it('never lets the window name a file to import', async () => {
    const file = path.join(dir, 'badge.json');
    fs.writeFileSync(file, ob3('On disk'));
    const res = await handle(event(), {
      method: 'library.import',
      input: { sources: [{ kind: 'path', path: file }] },
    });
    expect(res).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(await total()).toBe(0);
  });
});

describe('a trusted call', () => {
  it('imports pasted text and then lists it', async () => {
    const res = await handle(event({ url: `${INDEX_URL}#library` }), importPaste);
    expect(res).toMatchObject({
      ok: true,
      value: { imported: [{ title: 'Paste', verdict: 'unverified' }] },
    });
    const list = await handle(event(), { method: 'library.list', input: { query: 'paste' } });
    expect(list).toMatchObject({ ok: true, value: { total: 1, items: [{ title: 'Paste' }] } });
  });
});

describe('profiles in the window', () => {
  it('switches the window to another person’s library and back, never mixing the two', async () => {
    expect(await handle(event(), importPaste)).toMatchObject({ ok: true });
    const created = await handle(event(), {
      method: 'profile.create',
      input: { name: 'Client Ana' },
    });
    expect(created).toMatchObject({ ok: true });
    const switched = await handle(event(), {
      method: 'profile.switch',
      input: { name: 'Client Ana' },
    });
    expect(switched).toMatchObject({ ok: true, value: { name: 'Client Ana', active: true } });
    expect(library.libraryDir()).toBe(path.join(dataDir, 'profiles', 'Client Ana'));
    expect(await total()).toBe(0);

    await handle(event(), { method: 'profile.switch', input: { name: 'default' } });
    expect(await total()).toBe(1);
  });

  it('refuses a switch from a foreign sender and stays on the current library', async () => {
    await handle(event(), { method: 'profile.create', input: { name: 'Client Ana' } });
    const res = await handle(event({ senderId: 99 }), {
      method: 'profile.switch',
      input: { name: 'Client Ana' },
    });
    expect(res).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(library.libraryDir()).toBe(dataDir);
  });
});
