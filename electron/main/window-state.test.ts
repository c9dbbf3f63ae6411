// The remembered window bounds survive a restart, and a damaged file only costs the defaults.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_STATE,
  fitToDisplays,
  loadWindowState,
  saveWindowState,
} from './window-state';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillfolio-window-'));
  file = path.join(dir, 'sub', 'window-state.json');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('window state', () => {
  it('round-trips bounds and the maximised flag', () => {
    saveWindowState(file, { x: 40, y: 60, width: 1300, height: 900, maximized: true });
    expect(loadWindowState(file)).toEqual({
      x: 40,
      y: 60,
      width: 1300,
      height: 900,
      maximized: true,
    });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['window-state.json']);
  });

  it.each([
    ['missing', null],
    ['not JSON', '{nope'],
    ['wrong types', '{"width":"big","height":800}'],
    ['an array', '[1,2,3]'],
    ['too long', JSON.stringify({ width: 900, height: 700, pad: 'x'.repeat(5000) })],
  ])('falls back to the defaults when the file is %s', (_name, content) => {
    if (content !== null) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('clamps absurd sizes and drops absurd positions', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ x: 1e9, y: 5, width: 10, height: 1e7 }));
    expect(loadWindowState(file)).toEqual({ width: 800, height: 16_384, maximized: false });
  });

  it('forgets a position that is on no connected display', () => {
    const state = { x: 3000, y: 100, width: 1000, height: 700, maximized: false };
    const laptop = [{ x: 0, y: 0, width: 1440, height: 900 }];
    expect(fitToDisplays(state, laptop)).toEqual({ width: 1000, height: 700, maximized: false });
    const twoScreens = [...laptop, { x: 1440, y: 0, width: 2560, height: 1440 }];
    expect(fitToDisplays(state, twoScreens)).toEqual(state);
  });
});
