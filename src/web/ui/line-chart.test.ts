import { MantineProvider } from '@mantine/core';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { expect, it } from 'vitest';
import { LineChart } from './line-chart.js';

// Rendered on the server (no browser needed): the markup says how much the browser will draw.
function render(points: number) {
  const labels = Array.from({ length: points }, (_, i) => `d${i}`);
  const values = labels.map((_, i) => i % 11);
  const chart = createElement(LineChart, {
    title: 'Presence',
    firstColumn: 'Day',
    labels,
    series: [{ name: 'Presence', color: '#2b8a3e', values }],
  });
  const html = renderToStaticMarkup(createElement(MantineProvider, null, chart));
  const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
  const body = html.slice(html.indexOf('<tbody'), html.indexOf('</tbody>'));
  return {
    dots: svg.split('<circle').length - 1,
    axisLabels: svg.split('<text').length - 1 - 3, // three on the value axis
    rows: body.split('<tr').length - 1,
    toggle: html.includes('common.showAllRows') || html.includes('Show all'),
  };
}

it('draws a dot and a row for every point of a short series', () => {
  expect(render(12)).toEqual({ dots: 12, axisLabels: 6, rows: 12, toggle: false });
});

it('keeps five years of daily points light: the line without dots, eight dates, the latest rows with a way to show all', () => {
  const five = render(1827);
  expect(five.dots).toBe(0);
  expect(five.axisLabels).toBeLessThanOrEqual(8);
  expect(five.rows).toBe(30);
  expect(five.toggle).toBe(true);
});
