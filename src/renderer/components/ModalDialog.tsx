// Every modal of the app opens, closes and answers Escape the same way: the browser's <dialog> traps focus and hands it back.
import { useLayoutEffect, useRef, type ComponentPropsWithoutRef } from 'react';

export function ModalDialog({
  busy,
  onCancel,
  onOpen,
  children,
  ...attributes
}: Omit<ComponentPropsWithoutRef<'dialog'>, 'onCancel' | 'open'> & {
  /** While true, Escape does nothing (the work under way cannot be left half done). */
  busy?: boolean;
  /** Escape, when not busy. */
  onCancel: () => void;
  /** Right after the dialog opens, e.g. to put the focus in its first field (called once). */
  onOpen?: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);

  // Layout effects, so the dialog is closed while still in the page: closing hands the focus back.
  useLayoutEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    onOpen?.();
    return () => el?.close();
    // Opened once, when it appears; onOpen only reaches for refs, so the first one serves.
  }, []);

  return (
    <dialog
      ref={dialog}
      {...attributes}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onCancel();
      }}
    >
      {children}
    </dialog>
  );
}
