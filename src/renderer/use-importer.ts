// Runs imports (pasted text, picked or dropped files) in bounded batches and keeps the combined outcome and progress.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportResult } from '../core/library';
import type { ImportSource, ProgressEvent } from '../shared/contract';
import { invoke, on } from './api';
import { batches, MAX_FILE_BYTES, toSource, type PickedFile } from './files';

export type ImportProgress = {
  /** Items the app has finished with across all batches of this run. */
  done: number;
  /** Best estimate of the total (archives can reveal more items while they are read). */
  total: number;
  /** What the app is doing with the running batch; null before it reports. */
  phase: ProgressEvent['phase'] | null;
};

export type Importer = {
  busy: boolean;
  progress: ImportProgress | null;
  /** The outcome of the latest run; null before the first. */
  result: ImportResult | null;
  /** Why the latest run stopped early, if it did. */
  failure: string | null;
  /** Each resolves true when every batch was answered (items may still have been rejected). */
  importText: (text: string) => Promise<boolean>;
  importFiles: (files: readonly PickedFile[]) => Promise<boolean>;
};

function emptyResult(): ImportResult {
  return { imported: [], duplicates: [], rejected: [] };
}

function merge(into: ImportResult, more: ImportResult): ImportResult {
  return {
    imported: [...into.imported, ...more.imported],
    duplicates: [...into.duplicates, ...more.duplicates],
    rejected: [...into.rejected, ...more.rejected],
  };
}

type Request = { finished: boolean; wake: (() => void) | null };

/** How long to wait for a request's last progress event once its answer is in. */
const LAST_EVENT_WAIT_MS = 1000;

/**
 * One import request. The app sends its last progress event before it answers, but in browser
 * mode the two travel on different connections: waiting for that event (briefly, in case the event
 * stream is down) keeps it from being counted as progress of the next request.
 */
async function importOnce(
  current: { current: Request | null },
  sources: ImportSource[],
): Promise<ImportResult> {
  const r: Request = { finished: false, wake: null };
  current.current = r;
  try {
    const outcome = await invoke('library.import', { sources });
    if (!r.finished) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, LAST_EVENT_WAIT_MS);
        r.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return outcome;
  } finally {
    r.finished = true;
    if (current.current === r) current.current = null;
  }
}

export function useImporter(onImported: () => void): Importer {
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  // Items finished by earlier batches of the current run, added to what the running batch reports.
  const base = useRef<{ done: number; pending: number } | null>(null);
  // The request whose events count: events carry no request id, so one request at a time, and
  // nothing after its last ("done") event.
  const request = useRef<Request | null>(null);

  useEffect(
    () =>
      on((event) => {
        if (event.type !== 'progress' || event.operation !== 'import') return;
        const r = request.current;
        const b = base.current;
        if (!r || r.finished || !b) return;
        setProgress({
          done: b.done + event.done,
          total: b.done + Math.max(event.total, 0) + b.pending,
          phase: event.phase,
        });
        if (event.phase === 'done') {
          r.finished = true;
          r.wake?.();
        }
      }),
    [],
  );

  const run = useCallback(
    async (
      groups: (() => Promise<ImportSource[]>)[],
      sizes: number[],
      initial: ImportResult,
    ): Promise<boolean> => {
      setBusy(true);
      setFailure(null);
      setResult(null);
      let combined = initial;
      const total = sizes.reduce((a, b) => a + b, 0);
      base.current = { done: 0, pending: total };
      setProgress({ done: 0, total, phase: null });
      try {
        for (let i = 0; i < groups.length; i++) {
          const size = sizes[i] ?? 0;
          base.current = { done: base.current.done, pending: base.current.pending - size };
          const group = groups[i];
          if (!group) continue;
          const sources = await group();
          const outcome = await importOnce(request, sources);
          combined = merge(combined, outcome);
          const finished =
            outcome.imported.length + outcome.duplicates.length + outcome.rejected.length;
          base.current = {
            done: base.current.done + Math.max(finished, size),
            pending: base.current.pending,
          };
          setProgress({
            done: base.current.done,
            total: base.current.done + base.current.pending,
            phase: null,
          });
          setResult(combined);
        }
        return true;
      } catch (err) {
        setFailure(err instanceof Error ? err.message : String(err));
        return false;
      } finally {
        base.current = null;
        setResult(combined);
        setBusy(false);
        setProgress(null);
        if (combined.imported.length > 0) onImported();
      }
    },
    [onImported],
  );

  const importText = useCallback(
    (text: string) =>
      run([async () => [{ kind: 'text', text, name: 'Pasted text' }]], [1], emptyResult()),
    [run],
  );

  const importFiles = useCallback(
    (files: readonly PickedFile[]) => {
      const tooBig = files.filter((f) => f.file.size > MAX_FILE_BYTES);
      const fits = files.filter((f) => f.file.size <= MAX_FILE_BYTES);
      const initial: ImportResult = {
        ...emptyResult(),
        rejected: tooBig.map((f) => ({
          source: f.name,
          error: {
            code: 'too-large',
            message: `${f.name} is ${Math.round(f.file.size / 1024 / 1024)} MB, more than the ${MAX_FILE_BYTES / 1024 / 1024} MB a window can send. Import it with the skillfolio command instead.`,
          },
        })),
      };
      const groups = batches(fits);
      return run(
        groups.map((g) => () => Promise.all(g.map(toSource))),
        groups.map((g) => g.length),
        initial,
      );
    },
    [run],
  );

  return { busy, progress, result, failure, importText, importFiles };
}
