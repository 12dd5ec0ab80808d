import { describe, expect, it } from 'vitest';
import { LabeledCounter } from './labeled-counter.ts';
import { escapeLabelValue, formatLabels, renderPrometheusText } from './prometheus-text.ts';

describe('renderPrometheusText', () => {
  it('prints HELP, TYPE and one line per series with labels in name order', () => {
    const text = renderPrometheusText([
      {
        name: 'x_total',
        help: 'Counts x.',
        type: 'counter',
        series: [
          { labels: { verb: 'POST', code: '201' }, value: 3 },
          { labels: {}, value: 0.5 },
        ],
      },
    ]);
    expect(text).toBe(
      '# HELP x_total Counts x.\n# TYPE x_total counter\nx_total{code="201",verb="POST"} 3\nx_total 0.5\n',
    );
  });

  it('escapes backslashes, quotes and line feeds in label values, and special values', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    expect(formatLabels({ p: '/x"y' })).toBe('{p="/x\\"y"}');
    const text = renderPrometheusText([
      { name: 'g', help: 'line\nbreak', type: 'gauge', series: [{ labels: {}, value: Infinity }] },
    ]);
    expect(text).toBe('# HELP g line\\nbreak\n# TYPE g gauge\ng +Inf\n');
  });

  it('renders nothing for no families', () => {
    expect(renderPrometheusText([])).toBe('');
  });
});

describe('LabeledCounter', () => {
  const counter = (maxSeries?: number) =>
    new LabeledCounter({
      name: 'c_total',
      help: 'h',
      labelNames: ['a', 'b'],
      ...(maxSeries === undefined ? {} : { maxSeries }),
    });

  it('keeps one series per label tuple and adds to it', () => {
    const c = counter();
    c.inc(['1', 'x']);
    c.inc(['1', 'x']);
    c.inc(['1', 'y'], 5);
    expect(c.get(['1', 'x'])).toBe(2);
    expect(c.get(['1', 'y'])).toBe(5);
    expect(c.get(['2', 'x'])).toBe(0);
    expect(c.collect()).toEqual({
      name: 'c_total',
      help: 'h',
      type: 'counter',
      series: [
        { labels: { a: '1', b: 'x' }, value: 2 },
        { labels: { a: '1', b: 'y' }, value: 5 },
      ],
    });
  });

  it('does not confuse tuples whose joined values would look alike', () => {
    const c = counter();
    c.inc(['ab', '']);
    c.inc(['a', 'b']);
    expect(c.get(['ab', ''])).toBe(1);
    expect(c.get(['a', 'b'])).toBe(1);
  });

  it('stops adding new series at its limit but keeps counting the known ones', () => {
    const c = counter(2);
    c.inc(['1', '1']);
    c.inc(['2', '2']);
    c.inc(['3', '3']);
    c.inc(['1', '1']);
    expect(c.collect().series.map((s) => s.value)).toEqual([2, 1]);
    expect(c.get(['3', '3'])).toBe(0);
  });
});
