import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session.js';
import { PurposeDialog } from './PurposeDialog.js';

/**
 * The "identifiers masked / shown for a purpose" line with its button and the purpose dialog. The page keeps the
 * purpose (it sends it as X-Purpose); `texts` names the translation group holding masked, reveal and revealed.
 */
export function PurposeReveal({
  purpose,
  onChange,
  texts,
}: {
  purpose: string | null;
  onChange: (purpose: string | null) => void;
  texts: 'household' | 'work';
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [asking, setAsking] = useState(false);
  return (
    <>
      <div className="pii" role="status">
        {purpose ? (
          <>
            <span>{t(`${texts}.revealed`, { purpose })}</span>{' '}
            <button type="button" onClick={() => onChange(null)}>
              {t('household.hide')}
            </button>
          </>
        ) : (
          <>
            <span>{t(`${texts}.masked`)}</span>{' '}
            {can('pii:read') && (
              <button type="button" onClick={() => setAsking(true)}>
                {t(`${texts}.reveal`)}
              </button>
            )}
          </>
        )}
      </div>
      <PurposeDialog
        open={asking}
        onCancel={() => setAsking(false)}
        onConfirm={(p) => {
          setAsking(false);
          onChange(p);
        }}
      />
    </>
  );
}
