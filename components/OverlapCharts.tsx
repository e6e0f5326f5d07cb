/**
 * The two drawings of the lists' overlap, in plain SVG (no chart library: a
 * few rectangles and circles cost the options page far less than one). Every
 * colour is a theme variable (theme.css), so both schemes keep their
 * contrast, and nothing is told by colour alone: bars carry their numbers,
 * membership is a filled dot against a ring, and the bars the threshold
 * reaches are solid against outlined ones. List names are text nodes, never
 * markup.
 */
import type { ListOverlapView } from '../utils/protocol';
import { t } from '../utils/i18n/translate';
import { formatNumber } from '../utils/ui/format';

const BAR = 40;
const GAP = 14;
const PLOT = 110;
const TOP = 18;
const AXIS = 34;
const NAME_CHARS = 28;
/** Room for the axis title under a few bars, in the longest of the five languages. */
const MIN_WIDTH = 260;

/** A list's name cut to fit beside the dots; the whole name stays in its `<title>`. */
function shortName(name: string): string {
  return name.length > NAME_CHARS ? `${name.slice(0, NAME_CHARS - 1)}…` : name;
}

function barHeight(value: number, largest: number): number {
  return largest === 0 || value === 0 ? 0 : Math.max(2, Math.round((value / largest) * PLOT));
}

interface HistogramProps {
  overlap: ListOverlapView;
  /** Lists the chosen threshold asks for; bars from there on are drawn solid. Null: no consensus. */
  needed: number | null;
  language: string;
  labelledBy: string;
}

/** Domains by how many lists name them: one bar per count of lists. */
export function OverlapHistogram({ overlap, needed, language, labelledBy }: HistogramProps) {
  const largest = Math.max(...overlap.histogram, 0);
  const width = Math.max(MIN_WIDTH, GAP + overlap.histogram.length * (BAR + GAP));
  const height = TOP + PLOT + AXIS;
  return (
    <svg class="overlap-chart" role="img" aria-labelledby={labelledBy} viewBox={`0 0 ${width} ${height}`} width={width} height={height}>
      <line class="overlap-axis" x1={0} x2={width} y1={TOP + PLOT + 0.5} y2={TOP + PLOT + 0.5} />
      {overlap.histogram.map((count, index) => {
        const lists = index + 1;
        const h = barHeight(count, largest);
        const x = GAP + index * (BAR + GAP);
        const isReached = needed !== null && lists >= needed;
        return (
          <g key={lists}>
            <rect class={isReached ? 'overlap-bar overlap-bar--reached' : 'overlap-bar'} x={x + 0.5} y={TOP + PLOT - h} width={BAR - 1} height={h} />
            <text class="overlap-value" x={x + BAR / 2} y={TOP + PLOT - h - 4} text-anchor="middle">
              {formatNumber(count, language)}
            </text>
            <text class="overlap-tick" x={x + BAR / 2} y={TOP + PLOT + 16} text-anchor="middle">
              {formatNumber(lists, language)}
            </text>
          </g>
        );
      })}
      <text class="overlap-tick" x={width / 2} y={height - 2} text-anchor="middle">
        {t('overlapAxisLists')}
      </text>
    </svg>
  );
}

interface IntersectionsProps {
  overlap: ListOverlapView;
  language: string;
  labelledBy: string;
}

/** The largest exact intersections, UpSet-style: a bar per set of lists, and under it a dot for each list in the set. */
export function OverlapIntersections({ overlap, language, labelledBy }: IntersectionsProps) {
  const { lists, intersections } = overlap;
  const largest = Math.max(...intersections.map((item) => item.count), 0);
  const nameWidth = 8 + 7 * Math.min(NAME_CHARS, Math.max(...lists.map((list) => list.name.length), 4));
  const row = 22;
  const width = nameWidth + GAP + intersections.length * (BAR + GAP);
  const height = TOP + PLOT + 10 + lists.length * row;
  const columnX = (index: number) => nameWidth + GAP + index * (BAR + GAP) + BAR / 2;
  const rowY = (index: number) => TOP + PLOT + 10 + index * row + row / 2;
  return (
    <svg class="overlap-chart" role="img" aria-labelledby={labelledBy} viewBox={`0 0 ${width} ${height}`} width={width} height={height}>
      <line class="overlap-axis" x1={nameWidth} x2={width} y1={TOP + PLOT + 0.5} y2={TOP + PLOT + 0.5} />
      {lists.map((list, index) => (
        <text key={list.id} class="overlap-name" x={nameWidth - 8} y={rowY(index) + 4} text-anchor="end">
          <title>{list.name}</title>
          {shortName(list.name)}
        </text>
      ))}
      {intersections.map((item, column) => {
        const h = barHeight(item.count, largest);
        const x = columnX(column);
        const members = new Set(item.lists);
        const rows = item.lists.map(rowY);
        return (
          <g key={item.lists.join(',')}>
            <rect class="overlap-bar overlap-bar--reached" x={x - BAR / 2 + 0.5} y={TOP + PLOT - h} width={BAR - 1} height={h} />
            <text class="overlap-value" x={x} y={TOP + PLOT - h - 4} text-anchor="middle">
              {formatNumber(item.count, language)}
            </text>
            {rows.length > 1 ? <line class="overlap-link" x1={x} x2={x} y1={Math.min(...rows)} y2={Math.max(...rows)} /> : null}
            {lists.map((list, index) => (
              <circle key={list.id} class={members.has(index) ? 'overlap-dot overlap-dot--in' : 'overlap-dot'} cx={x} cy={rowY(index)} r={6} />
            ))}
          </g>
        );
      })}
    </svg>
  );
}
