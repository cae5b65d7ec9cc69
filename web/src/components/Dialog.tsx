import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';

/**
 * The dashboard's one modal dialog: a native <dialog> opened with showModal() (focus moves inside and stays
 * there, the page behind is inert, Escape cancels), named by its heading, holding one form whose submit goes
 * to `onSubmit` and whose cancel button and Escape go to `onCancel`. `onOpen` runs each time it opens (reset a
 * mutation's error, say).
 */
export function Dialog({
  open,
  title,
  onSubmit,
  onCancel,
  onOpen,
  cancelLabel,
  submitLabel,
  busy = false,
  children,
}: {
  open: boolean;
  title: string;
  onSubmit: (form: FormData) => void;
  onCancel: () => void;
  onOpen?: () => void;
  cancelLabel: string;
  submitLabel: string;
  busy?: boolean;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      onOpen?.();
      d.showModal();
    }
    if (!open && d.open) d.close();
    // onOpen runs on opening only, not when its identity changes.
  }, [open]);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSubmit(new FormData(event.currentTarget));
  }
  return (
    <dialog ref={dialog} aria-labelledby={titleId} onCancel={onCancel}>
      {open && (
        <form onSubmit={submit} className="stack-form">
          <h2 id={titleId}>{title}</h2>
          {children}
          <div className="actions">
            <button type="button" onClick={onCancel}>
              {cancelLabel}
            </button>
            <button type="submit" disabled={busy}>
              {submitLabel}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
