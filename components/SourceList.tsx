import type { SourceRef } from '../utils/core/model';
import { t, type MessageKey } from '../utils/i18n';

const KIND_LABEL: Record<Exclude<SourceRef['kind'], 'manual'>, MessageKey> = {
  preset: 'sourcePreset',
  subscription: 'sourceList',
};

/** Where a wish comes from: "List: Garden Fence", "Preset: Block Threads", "You". */
export function SourceList({ sources }: { sources: SourceRef[] }) {
  if (sources.length === 0) return <span>{t('sourceYou')}</span>;
  return (
    <ul class="source-list">
      {sources.map((source) => (
        <li key={`${source.kind}:${source.id}`}>{source.kind === 'manual' ? t('sourceYou') : t(KIND_LABEL[source.kind], source.name)}</li>
      ))}
    </ul>
  );
}
