// A modal asking for one line of text (a new name, a rename): Enter submits, Escape cancels, errors stay in the dialog.
import { useId, useRef, useState, type ReactNode } from 'react';
import { ModalDialog } from './ModalDialog';

export function TextDialog({
  title,
  label,
  initial = '',
  submit,
  busy,
  error,
  maxLength = 200,
  children,
  onSubmit,
  onCancel,
}: {
  title: string;
  label: string;
  initial?: string;
  /** The submitting button's words, e.g. "Rename". */
  submit: string;
  busy?: boolean;
  error?: string | null;
  maxLength?: number;
  /** Anything said under the field. */
  children?: ReactNode;
  onSubmit: (value: string) => void;
  onCancel: () => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState(initial);
  const titleId = useId();
  const inputId = useId();
  const errorId = useId();

  const empty = value.trim() === '';
  return (
    <ModalDialog
      className="dialog"
      aria-labelledby={titleId}
      busy={busy}
      onCancel={onCancel}
      onOpen={() => input.current?.select()}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy && !empty) onSubmit(value.trim());
        }}
      >
        <h2 id={titleId} className="clip-lines" dir="auto">
          {title}
        </h2>
        <div className="dialog-body">
          <label htmlFor={inputId} className="field-label">
            {label}
          </label>
          <input
            ref={input}
            id={inputId}
            className="text-input"
            dir="auto"
            value={value}
            maxLength={maxLength}
            autoComplete="off"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            onChange={(e) => setValue(e.target.value)}
          />
          {children}
        </div>
        {error && (
          <p id={errorId} className="error-text" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button secondary" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy || empty}>
            {busy ? 'Working…' : submit}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
