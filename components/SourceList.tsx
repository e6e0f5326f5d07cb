import type { SourceRef } from '../utils/core/model';
import { t } from '../utils/i18n/translate';
import { sourceLabel } from '../utils/ui/source-names';

/** Where a wish comes from: "List: Garden Fence", "Preset: Threads", "You". */
export function SourceList({ sources }: { sources: SourceRef[] }) {
  if (sources.length === 0) return <span>{t('sourceYou')}</span>;
  return (
    <ul class="source-list">
      {sources.map((source) => (
        <li key={`${source.kind}:${source.id}`}>{sourceLabel(source)}</li>
      ))}
    </ul>
  );
}
