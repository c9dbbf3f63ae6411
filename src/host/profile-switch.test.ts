// Browser mode switches profiles in place: the next request reads the other person's library, never both.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ob2Assertion } from '../../test/helpers/fixtures';
import type { Result } from '../shared/errors';
import { startHost, TOKEN_HEADER, type Host } from './server';

let dir: string;
let dataDir: string;
let host: Host;

async function invoke(method: string, input: unknown): Promise<Result<unknown>> {
  const res = await fetch(`${host.origin}/api/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: host.token },
    body: JSON.stringify({ method, input }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Result<unknown>;
}

async function value<T>(method: string, input: unknown): Promise<T> {
  const r = await invoke(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as T;
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillfolio-host-profiles-'));
  const renderer = path.join(dir, 'renderer');
  fs.mkdirSync(renderer);
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Skillfolio</title>');
  dataDir = path.join(dir, 'data');
  host = await startHost({ libraryDir: dataDir, dataDir, rendererDir: renderer, offline: true });
});

afterEach(async () => {
  await host.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('profile.switch in browser mode', () => {
  it('reopens on the chosen profile, keeps the libraries apart, and switches back', async () => {
    await value('library.import', {
      sources: [{ kind: 'text', text: ob2Assertion({ n: 1, title: 'Mine' }) }],
    });
    const client = await value<{ name: string; path: string }>('profile.create', {
      name: 'Client Ana',
    });
    expect(client.path).toBe(path.join(dataDir, 'profiles', 'Client Ana'));

    const switched = await value<{ name: string; active: boolean }>('profile.switch', {
      name: 'client ana',
    });
    expect(switched).toMatchObject({ name: 'Client Ana', active: true });
    expect((await value<{ path: string }>('library.info', {})).path).toBe(client.path);
    expect((await value<{ total: number }>('library.list', {})).total).toBe(0);
    await value('library.import', {
      sources: [{ kind: 'text', text: ob2Assertion({ n: 2, title: 'Ana’s' }) }],
    });

    const list = await value<{
      active: string;
      profiles: Array<{ name: string; active: boolean }>;
    }>('profile.list', {});
    expect(list.active).toBe('Client Ana');
    expect(list.profiles.map((p) => [p.name, p.active])).toEqual([
      ['default', false],
      ['Client Ana', true],
    ]);

    await value('profile.switch', { name: 'default' });
    const mine = await value<{ items: Array<{ title: string }> }>('library.list', {});
    expect(mine.items.map((i) => i.title)).toEqual(['Mine']);
    await value('profile.switch', { name: 'Client Ana' });
    const ana = await value<{ items: Array<{ title: string }> }>('library.list', {});
    expect(ana.items.map((i) => i.title)).toEqual(['Ana’s']);
  });

  it('refuses unknown and hostile profile names, staying on the library in use', async () => {
    for (const name of ['Nobody', '../data', 'a/b', 'a\u0000b']) {
      const r = await invoke('profile.switch', { name });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toMatch(/^(not-found|bad-input)$/);
    }
    expect((await value<{ path: string }>('library.info', {})).path).toBe(dataDir);
    expect(fs.existsSync(path.join(dataDir, 'active-profile.json'))).toBe(false);
  });
});
