import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { field } from '../forms.js';

/** The purpose travels in an HTTP header (X-Purpose), which carries Latin-1 text only. */
export function purposeProblem(text: string): 'tooShort' | 'latin' | null {
  if (text.trim().length < 3) return 'tooShort';
  if (/[^\x20-\x7e\u00a0-\u00ff]/.test(text)) return 'latin';
  return null;
}

/**
 * Asks why the user needs full identifiers before the request that reveals them (a modal <dialog>: focus
 * stays inside, Escape cancels). The server audits the purpose with the read.
 */
export function PurposeDialog({
  open,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  onConfirm: (purpose: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [problem, setProblem] = useState<'tooShort' | 'latin' | null>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = field(new FormData(event.currentTarget), 'purpose');
    const found = purposeProblem(text);
    setProblem(found);
    if (!found) onConfirm(text.trim());
  }

  return (
    <dialog ref={dialog} aria-labelledby="purpose-title" onCancel={onCancel}>
      <form onSubmit={submit}>
        <h2 id="purpose-title">{t('purpose.title')}</h2>
        <p>{t('purpose.help')}</p>
        <label>
          {t('purpose.label')}
          <input
            name="purpose"
            maxLength={200}
            required
            aria-describedby={problem ? 'purpose-problem' : undefined}
          />
        </label>
        {problem && (
          <p id="purpose-problem" className="error" role="alert">
            {t(`purpose.${problem}`)}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={onCancel}>
            {t('purpose.cancel')}
          </button>
          <button type="submit">{t('purpose.confirm')}</button>
        </div>
      </form>
    </dialog>
  );
}
