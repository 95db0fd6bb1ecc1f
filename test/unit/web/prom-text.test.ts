// The text exposition format: HELP and TYPE lines, labels in order with backslash, quote and line
// feed escaped, special float values, empty families left out, and bad names refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeLabel, renderFamilies } from '../../../src/web/prom-text.js';

test('families render with their HELP and TYPE, then one line per sample', () => {
  const text = renderFamilies([
    {
      name: 'a_total',
      help: 'Counts\nthings \\ here',
      type: 'counter',
      samples: [
        { labels: { name: 'x', group: 'g' }, value: 3 },
        { labels: { name: 'y', group: 'g' }, value: 0.5 },
      ],
    },
    { name: 'empty', help: 'nothing', type: 'gauge', samples: [] },
    {
      name: 'b',
      help: 'b',
      type: 'gauge',
      samples: [{ value: NaN }, { value: Infinity }, { value: -Infinity }],
    },
  ]);
  assert.equal(
    text,
    '# HELP a_total Counts\\nthings \\\\ here\n# TYPE a_total counter\na_total{name="x",group="g"} 3\na_total{name="y",group="g"} 0.5\n' +
      '# HELP b b\n# TYPE b gauge\nb NaN\nb +Inf\nb -Inf\n',
  );
});

const escapes: [string, string][] = [
  ['plain', 'plain'],
  ['a"b', 'a\\"b'],
  ['a\\b', 'a\\\\b'],
  ['a\nb', 'a\\nb'],
  ['<img\tsrc=x>', '<img\tsrc=x>'],
  ['ünï', 'ünï'],
];
for (const [raw, escaped] of escapes) {
  test(`label value ${JSON.stringify(raw)} → ${JSON.stringify(escaped)}`, () =>
    assert.equal(escapeLabel(raw), escaped));
}

test('metric and label names outside the grammar are refused', () => {
  assert.throws(() => renderFamilies([{ name: '1bad', help: '', type: 'gauge', samples: [{ value: 1 }] }]));
  assert.throws(() =>
    renderFamilies([
      { name: 'ok', help: '', type: 'gauge', samples: [{ labels: { 'bad-label': 'x' }, value: 1 }] },
    ]),
  );
});
