// Remembers where the window was, so the app reopens the way the user left it; a bad file just means defaults.
import fs from 'node:fs';
import path from 'node:path';

export type WindowState = {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
};

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1200, height: 800, maximized: false };
const MIN = { width: 800, height: 560 };
const MAX_SIDE = 16_384;

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : undefined;
}

/** Reads the saved state; anything missing, unreadable or absurd falls back to the defaults. */
export function loadWindowState(file: string): WindowState {
  let raw: unknown;
  try {
    const text = fs.readFileSync(file, 'utf8');
    if (text.length > 4096) return { ...DEFAULT_WINDOW_STATE };
    raw = JSON.parse(text);
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
  if (typeof raw !== 'object' || raw === null) return { ...DEFAULT_WINDOW_STATE };
  const r = raw as Record<string, unknown>;
  const width = num(r.width);
  const height = num(r.height);
  if (width === undefined || height === undefined) return { ...DEFAULT_WINDOW_STATE };
  const state: WindowState = {
    width: Math.min(Math.max(width, MIN.width), MAX_SIDE),
    height: Math.min(Math.max(height, MIN.height), MAX_SIDE),
    maximized: r.maximized === true,
  };
  const x = num(r.x);
  const y = num(r.y);
  if (x !== undefined && y !== undefined && Math.abs(x) < MAX_SIDE && Math.abs(y) < MAX_SIDE) {
    state.x = x;
    state.y = y;
  }
  return state;
}

/** Writes atomically (temp file + rename) so a crash mid-write never leaves a broken file. */
export function saveWindowState(file: string, state: WindowState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state));
  fs.renameSync(tmp, file);
}

/** Keeps a remembered position only if it still overlaps a connected display (monitors come and go). */
export function fitToDisplays(
  state: WindowState,
  workAreas: readonly { x: number; y: number; width: number; height: number }[],
): WindowState {
  if (state.x === undefined || state.y === undefined) return state;
  const { x, y } = state;
  const visible = workAreas.some(
    (a) => x + 100 > a.x && y + 50 > a.y && x < a.x + a.width - 100 && y < a.y + a.height - 50,
  );
  if (visible) return state;
  return { width: state.width, height: state.height, maximized: state.maximized };
}
