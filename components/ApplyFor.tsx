import { useState } from 'preact/hooks';
import { t } from '../utils/i18n/translate';

/** What "30 days, then ask me again" sets. */
const ASK_AFTER_DAYS = 30;

/** The days first offered for "Some days, then ask me again". */
const CUSTOM_DAYS = 14;

interface ApplyForProps {
  idBase: string;
  /** The list's choice; undefined: always. */
  days: number | undefined;
  /** Days, or null for always. */
  onChange: (days: number | null) => void;
}

/**
 * A subscription's "Apply what this list adds for": always, 30 days then ask again, or a number of
 * days then ask again (utils/core/list-expiry.ts). The background checks the number.
 */
export function ApplyFor({ idBase, days, onChange }: ApplyForProps) {
  const [isCustom, setCustom] = useState(days !== undefined && days !== ASK_AFTER_DAYS);
  const choice = isCustom ? 'custom' : days === undefined ? 'always' : '30';
  function choose(value: string): void {
    setCustom(value === 'custom');
    if (value === 'always') onChange(null);
    else if (value === '30') onChange(ASK_AFTER_DAYS);
    else onChange(days ?? CUSTOM_DAYS);
  }
  return (
    <div class="row">
      <label for={`${idBase}-apply-for`}>{t('applyForLabel')}</label>
      <select id={`${idBase}-apply-for`} value={choice} onChange={(event) => choose((event.target as HTMLSelectElement).value)}>
        <option value="always">{t('applyForAlways')}</option>
        <option value="30">{t('applyFor30')}</option>
        <option value="custom">{t('applyForCustom')}</option>
      </select>
      {isCustom ? (
        <>
          <label for={`${idBase}-apply-days`}>{t('applyForDaysLabel')}</label>
          <input
            id={`${idBase}-apply-days`}
            type="number"
            min={1}
            step={1}
            value={days ?? CUSTOM_DAYS}
            onChange={(event) => onChange(Number((event.target as HTMLInputElement).value))}
          />
        </>
      ) : null}
    </div>
  );
}
