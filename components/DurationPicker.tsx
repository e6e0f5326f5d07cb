import type { EntryDuration } from '../utils/core/expiry';
import { t, type MessageKey } from '../utils/i18n/translate';
import type { DurationChoice } from '../utils/ui/duration';

const KINDS: ReadonlyArray<[EntryDuration['kind'], MessageKey]> = [
  ['forever', 'durationForever'],
  ['day', 'durationDay'],
  ['week', 'durationWeek'],
  ['month', 'durationMonth'],
  ['date', 'durationDate'],
];

interface DurationPickerProps {
  /** Prefix of the controls' ids, unique in the page. */
  id: string;
  value: DurationChoice;
  onChange: (value: DurationChoice) => void;
  /** Today as `YYYY-MM-DD` in the user's time zone: the earliest day the calendar offers. */
  today: string;
}

/**
 * How long a new "always block" entry or limit is kept: until removed, a day, a week, a month, or
 * through a chosen day. The background checks the choice again and refuses a past date in words.
 */
export function DurationPicker({ id, value, onChange, today }: DurationPickerProps) {
  return (
    <>
      <label for={`${id}-duration`}>{t('durationLabel')}</label>
      <select
        id={`${id}-duration`}
        value={value.kind}
        onChange={(event) => onChange({ ...value, kind: (event.target as HTMLSelectElement).value as DurationChoice['kind'] })}
      >
        {KINDS.map(([kind, label]) => (
          <option key={kind} value={kind}>
            {t(label)}
          </option>
        ))}
      </select>
      {value.kind === 'date' ? (
        <>
          <label for={`${id}-date`}>{t('durationDateLabel')}</label>
          <input
            id={`${id}-date`}
            type="date"
            min={today}
            value={value.date}
            onInput={(event) => onChange({ ...value, date: (event.target as HTMLInputElement).value })}
          />
        </>
      ) : null}
    </>
  );
}
