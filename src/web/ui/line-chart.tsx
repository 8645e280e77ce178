import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ScrollTable } from './scroll-table.js';

/** Beyond this many points the line alone shows the shape; a dot per point only costs drawing time. */
const MAX_DOTS = 120;
/** A long history's table opens on its latest rows; every row is one tap away. */
const TABLE_ROWS_FIRST = 30;
const AXIS_LABELS = 8;

export interface Series {
  name: string;
  color: string;
  /** Dashed lines tell series apart without colour. */
  dashed?: boolean;
  values: (number | null)[];
}

/**
 * A small line chart (SVG) over a 0–10 scale with the same numbers in a table below, so the chart
 * is a picture for those who see it and the table is the content for everyone.
 */
export function LineChart({
  title,
  firstColumn,
  labels,
  series,
  max = 10,
}: {
  title: string;
  firstColumn: string;
  labels: string[];
  series: Series[];
  max?: number;
}) {
  const id = useId();
  const { t } = useTranslation();
  const [allRows, setAllRows] = useState(false);
  const width = 480;
  const height = 180;
  const pad = { left: 32, right: 12, top: 12, bottom: 28 };
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const x = (i: number) => pad.left + (labels.length <= 1 ? innerW / 2 : (i * innerW) / (labels.length - 1));
  const y = (v: number) => pad.top + innerH - (v / max) * innerH;
  return (
    <Stack gap="xs">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={id} style={{ width: '100%', maxWidth: width, height: 'auto' }}>
        <title id={id}>{title}</title>
        {[0, max / 2, max].map((v) => (
          <g key={v}>
            <line x1={pad.left} x2={width - pad.right} y1={y(v)} y2={y(v)} stroke="#ced4da" strokeWidth={1} />
            <text x={pad.left - 6} y={y(v) + 4} fontSize={11} textAnchor="end" fill="#495057">
              {v}
            </text>
          </g>
        ))}
        {labels.map((label, i) =>
          labels.length > AXIS_LABELS && i % Math.ceil(labels.length / AXIS_LABELS) !== 0 ? null : (
            // biome-ignore lint/suspicious/noArrayIndexKey: points are positions on the axis; two may share a date
            <text key={`${label}-${i}`} x={x(i)} y={height - 8} fontSize={11} textAnchor="middle" fill="#495057">
              {label}
            </text>
          ),
        )}
        {series.map((s) => {
          const points = s.values.map((v, i) => (v === null ? null : `${x(i)},${y(v)}`)).filter((p): p is string => p !== null);
          return (
            <g key={s.name}>
              {points.length > 1 && (
                <polyline
                  points={points.join(' ')}
                  fill="none"
                  stroke={s.color}
                  strokeWidth={2.5}
                  strokeDasharray={s.dashed ? '6 4' : undefined}
                />
              )}
              {(points.length <= MAX_DOTS || points.length === 1) &&
                s.values.map((v, i) =>
                  // biome-ignore lint/suspicious/noArrayIndexKey: points are positions on the axis
                  v === null ? null : <circle key={`${s.name}-${labels[i]}-${i}`} cx={x(i)} cy={y(v)} r={4} fill={s.color} />,
                )}
            </g>
          );
        })}
      </svg>
      <Text size="sm" c="dimmed" aria-hidden="true">
        {series.map((s) => `${s.dashed ? '- - -' : '——'} ${s.name}`).join('   ')}
      </Text>
      <ScrollTable label={title} minWidth={280}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{firstColumn}</Table.Th>
              {series.map((s) => (
                <Table.Th key={s.name} scope="col">
                  {s.name}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {labels.map((label, i) =>
              !allRows && labels.length > 2 * TABLE_ROWS_FIRST && i < labels.length - TABLE_ROWS_FIRST ? null : (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions on the axis; two may share a date
                <Table.Tr key={`${label}-${i}`}>
                  <Table.Th scope="row" fw={500}>
                    {label}
                  </Table.Th>
                  {series.map((s) => (
                    <Table.Td key={s.name}>{s.values[i] ?? '—'}</Table.Td>
                  ))}
                </Table.Tr>
              ),
            )}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {labels.length > 2 * TABLE_ROWS_FIRST && (
        <Group>
          <Button variant="subtle" size="sm" onClick={() => setAllRows((v) => !v)} aria-expanded={allRows}>
            {allRows ? t('common.showLatestRows', { count: TABLE_ROWS_FIRST }) : t('common.showAllRows', { count: labels.length })}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
