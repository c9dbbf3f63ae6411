// A modal question with a safe default: the browser's <dialog> traps focus and closes on Escape.
import { useId, type ReactNode } from 'react';
import { ModalDialog } from './ModalDialog';

export function ConfirmDialog({
  title,
  children,
  confirm,
  busy,
  error,
  onConfirm,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  /** The confirming button's words, e.g. "Delete". */
  confirm: string;
  busy?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const titleId = useId();
  const bodyId = useId();

  return (
    <ModalDialog
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      busy={busy}
      onCancel={onCancel}
    >
      <h2 id={titleId} className="clip-lines" dir="auto">
        {title}
      </h2>
      <div id={bodyId} className="dialog-body">
        {children}
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        {/* The harmless choice has the focus, so Enter pressed by habit cancels. */}
        <button
          type="button"
          className="button secondary"
          onClick={onCancel}
          disabled={busy}
          autoFocus
        >
          Cancel
        </button>
        <button type="button" className="button danger" onClick={onConfirm} disabled={busy}>
          {busy ? 'Working…' : confirm}
        </button>
      </div>
    </ModalDialog>
  );
}
