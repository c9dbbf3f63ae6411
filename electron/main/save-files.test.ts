// The save-files channel against a real folder: only our window gets through, only plain names, the person's dialog decides where, files land whole.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SaveFilesResult } from '../../src/shared/channels';
import type { Result } from '../../src/shared/errors';
import type { IpcEventLike } from './ipc';
import { createSaveFilesHandler, type SaveDialogs, type SaveFilesHandler } from './save-files';

const ours: IpcEventLike = {
  sender: { id: 7 },
  senderFrame: { url: 'file:///app/index.html', parent: null },
};
const foreign: IpcEventLike = {
  sender: { id: 99 },
  senderFrame: { url: 'https://evil.example/', parent: null },
};

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

let dir: string;
let asked: Array<{ suggested: string; others: string[] }>;
let replaceAsked: string[][];
let answer: string | null;
let replace: boolean;
let save: SaveFilesHandler;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillfolio-save-'));
  asked = [];
  replaceAsked = [];
  answer = path.join(dir, 'chosen.pdf');
  replace = true;
  const dialogs: SaveDialogs = {
    chooseTarget: (suggested, others) => {
      asked.push({ suggested, others });
      return Promise.resolve(answer);
    },
    confirmReplace: (names) => {
      replaceAsked.push(names);
      return Promise.resolve(replace);
    },
    exists: (p) => fs.existsSync(p),
  };
  save = createSaveFilesHandler({ isTrustedSender: (e) => e.sender.id === 7, dialogs });
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function files(): string[] {
  return fs.readdirSync(dir).sort();
}

function saved(r: Result<SaveFilesResult>): string[] {
  if (!r.ok) throw new Error(r.error.message);
  return r.value.saved ? r.value.paths : [];
}

const exportFiles = {
  files: [
    { name: 'cv.pdf', base64: b64('%PDF-1.7 pretend') },
    { name: 'cv.vp.json', base64: b64('{"type":"VerifiablePresentation"}') },
    { name: 'credential-3.json', base64: b64('{"n":3}') },
  ],
};

describe('a trusted save', () => {
  it('asks where with the first name suggested, writes it there and the others beside it', async () => {
    const paths = saved(await save(ours, exportFiles));
    expect(asked).toEqual([{ suggested: 'cv.pdf', others: ['cv.vp.json', 'credential-3.json'] }]);
    expect(paths).toEqual([
      path.join(dir, 'chosen.pdf'),
      path.join(dir, 'cv.vp.json'),
      path.join(dir, 'credential-3.json'),
    ]);
    expect(files()).toEqual(['chosen.pdf', 'credential-3.json', 'cv.vp.json']);
    expect(fs.readFileSync(path.join(dir, 'chosen.pdf'), 'utf8')).toBe('%PDF-1.7 pretend');
    expect(fs.readFileSync(path.join(dir, 'credential-3.json'), 'utf8')).toBe('{"n":3}');
  });

  it('writes nothing when the person cancels the dialog', async () => {
    answer = null;
    expect(await save(ours, exportFiles)).toEqual({ ok: true, value: { saved: false } });
    expect(files()).toEqual([]);
  });

  it('asks before replacing files beside the chosen one, and keeps them when told to', async () => {
    fs.writeFileSync(path.join(dir, 'cv.vp.json'), 'mine');
    replace = false;
    expect(await save(ours, exportFiles)).toEqual({ ok: true, value: { saved: false } });
    expect(replaceAsked).toEqual([['cv.vp.json']]);
    expect(files()).toEqual(['cv.vp.json']);
    expect(fs.readFileSync(path.join(dir, 'cv.vp.json'), 'utf8')).toBe('mine');

    replace = true;
    saved(await save(ours, exportFiles));
    expect(fs.readFileSync(path.join(dir, 'cv.vp.json'), 'utf8')).toBe(
      '{"type":"VerifiablePresentation"}',
    );
  });

  it('says why when the folder cannot be written, and leaves no temporary files', async () => {
    answer = path.join(dir, 'missing-folder', 'cv.pdf');
    const r = await save(ours, exportFiles);
    expect(r).toMatchObject({ ok: false, error: { code: 'library' } });
    expect(!r.ok && r.error.message).toMatch(/folder does not exist/);
    expect(files()).toEqual([]);
  });
});

describe('what is refused before any dialog opens', () => {
  it('refuses a sender that is not our window', async () => {
    const r = await save(foreign, exportFiles);
    expect(r).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(!r.ok && r.error.message).toMatch(/did not come from the Skillfolio window/);
    expect(asked).toEqual([]);
  });

  it.each([
    ['no payload', undefined],
    ['no files', { files: [] }],
    ['a parent folder', { files: [{ name: '../evil.json', base64: '' }] }],
    ['a folder inside', { files: [{ name: 'a/b.json', base64: '' }] }],
    ['a Windows folder', { files: [{ name: 'C:\\evil.json', base64: '' }] }],
    ['an absolute path', { files: [{ name: '/etc/passwd', base64: '' }] }],
    ['a hidden file', { files: [{ name: '.bashrc', base64: '' }] }],
    ['a dot', { files: [{ name: '..', base64: '' }] }],
    ['a direction override', { files: [{ name: 'cv\u202Efdp.exe', base64: '' }] }],
    ['a NUL', { files: [{ name: 'cv.pdf\u0000.exe', base64: '' }] }],
    ['not base64', { files: [{ name: 'cv.pdf', base64: '<script>' }] }],
    ['an extra key', { files: [{ name: 'cv.pdf', base64: '', path: '/tmp/x' }] }],
    ['a path beside the files', { files: [{ name: 'cv.pdf', base64: '' }], path: '/tmp' }],
  ])('refuses %s with bad-input', async (_what, payload) => {
    expect(await save(ours, payload)).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(asked).toEqual([]);
    expect(files()).toEqual([]);
  });

  it('refuses two files with one name', async () => {
    const r = await save(ours, {
      files: [
        { name: 'cv.pdf', base64: '' },
        { name: 'cv.json', base64: '' },
        { name: 'cv.json', base64: '' },
      ],
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(files()).toEqual([]);
  });
});
