import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { field } from '../forms.js';
import { Dialog } from './Dialog.js';

/** The purpose travels in an HTTP header (X-Purpose), which carries Latin-1 text only. */
export function purposeProblem(text: string): 'tooShort' | 'latin' | null {
  if (text.trim().length < 3) return 'tooShort';
  if (/[^\x20-\x7e\u00a0-\u00ff]/.test(text)) return 'latin';
  return null;
}

/** Asks why the user needs full identifiers before the request that reveals them; the server audits it. */
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
  const [problem, setProblem] = useState<'tooShort' | 'latin' | null>(null);
  return (
    <Dialog
      open={open}
      title={t('purpose.title')}
      onOpen={() => setProblem(null)}
      onCancel={onCancel}
      onSubmit={(form) => {
        const text = field(form, 'purpose');
        const found = purposeProblem(text);
        setProblem(found);
        if (!found) onConfirm(text.trim());
      }}
      cancelLabel={t('purpose.cancel')}
      submitLabel={t('purpose.confirm')}
    >
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
    </Dialog>
  );
}
