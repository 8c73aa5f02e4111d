import { useState } from 'react';
import type { AggregationRule } from '../../api/rbacSchemas.js';
import { Button } from '../../ui/Button.js';
import { TokenInput } from './TokenInput.js';

const input =
  'block rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-sm dark:border-slate-600 dark:bg-slate-900';

type Row = { key: string; value: string };
type StringMap = Record<string, string>;

function rowsOf(values: StringMap | undefined): Row[] {
  return Object.entries(values ?? {}).map(([key, value]) => ({ key, value }));
}

/** Rows with a key become the map; none at all is `undefined`, so the field leaves the object. */
function mapOf(rows: readonly Row[]): StringMap | undefined {
  const out: StringMap = {};
  for (const r of rows) if (r.key.trim()) out[r.key.trim()] = r.value;
  return Object.keys(out).length ? out : undefined;
}

function sameMap(a: StringMap | undefined, b: StringMap | undefined): boolean {
  const ea = Object.entries(a ?? {});
  return ea.length === Object.keys(b ?? {}).length && ea.every(([k, v]) => b?.[k] === v);
}

/**
 * A string map (labels, annotations, matchLabels) as key/value rows. Rows still being typed (no key
 * yet) stay on screen; a change from outside (the YAML tab) replaces the rows.
 */
export function KeyValueEditor({
  item,
  values,
  onChange,
}: {
  /** What one row is called, for labels and buttons: "Label", "Selector 1 label". */
  item: string;
  values: StringMap | undefined;
  onChange: (next: StringMap | undefined) => void;
}) {
  const [rows, setRows] = useState(() => rowsOf(values));
  const [emitted, setEmitted] = useState(values);
  if (!sameMap(values, emitted)) {
    setEmitted(values);
    if (!sameMap(values, mapOf(rows))) setRows(rowsOf(values));
  }
  const update = (next: Row[]) => {
    setRows(next);
    const map = mapOf(next);
    setEmitted(map);
    onChange(map);
  };
  return (
    <div className="space-y-2">
      {rows.map((r, i) => (
        <div key={i} className="flex flex-wrap items-center gap-2">
          <input
            aria-label={`${item} ${i + 1} key`}
            placeholder="key"
            value={r.key}
            onChange={(e) =>
              update(rows.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)))
            }
            className={`${input} min-w-40 flex-1`}
          />
          <span aria-hidden="true">=</span>
          <input
            aria-label={`${item} ${i + 1} value`}
            placeholder="value"
            value={r.value}
            onChange={(e) =>
              update(rows.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))
            }
            className={`${input} min-w-40 flex-1`}
          />
          <button
            type="button"
            onClick={() => update(rows.filter((_, j) => j !== i))}
            aria-label={`Remove ${item} ${i + 1}`}
            className="rounded px-2 py-1 text-xs text-red-700 hover:bg-red-50 dark:text-red-300 dark:hover:bg-red-950"
          >
            Remove
          </button>
        </div>
      ))}
      <Button onClick={() => update([...rows, { key: '', value: '' }])}>Add {item}</Button>
    </div>
  );
}

type Selector = NonNullable<AggregationRule['clusterRoleSelectors']>[number];
type Expression = NonNullable<Selector['matchExpressions']>[number];
const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/**
 * A ClusterRole's aggregationRule: label selectors (matchLabels and matchExpressions) naming the
 * ClusterRoles whose rules the aggregation controller copies into this one.
 */
export function AggregationRuleEditor({
  value,
  onChange,
}: {
  value: AggregationRule | undefined;
  onChange: (next: AggregationRule | undefined) => void;
}) {
  const on = value !== undefined;
  const selectors = value?.clusterRoleSelectors ?? [];
  const setSelectors = (next: Selector[]) => onChange({ clusterRoleSelectors: next });
  const setSelector = (i: number, s: Selector) =>
    setSelectors(selectors.map((x, j) => (j === i ? s : x)));
  return (
    <div className="space-y-3">
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={on}
          onChange={(e) =>
            onChange(e.target.checked ? { clusterRoleSelectors: [{ matchLabels: {} }] } : undefined)
          }
        />
        Aggregate the rules of ClusterRoles matching label selectors
      </label>
      {on && (
        <>
          <p className="text-xs text-slate-500">
            The aggregation controller replaces this role’s rules with the rules of every
            ClusterRole a selector matches; rules typed here are overwritten.
          </p>
          {selectors.map((s, i) => {
            const name = `Selector ${i + 1}`;
            const expressions = s.matchExpressions ?? [];
            const setExpr = (next: Expression[]) =>
              setSelector(i, { ...s, matchExpressions: next.length ? next : undefined });
            return (
              <fieldset
                key={i}
                className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-700"
              >
                <legend className="px-1 text-xs font-semibold">{name}</legend>
                {Object.keys(s.matchLabels ?? {}).length === 0 && expressions.length === 0 && (
                  <p className="text-xs text-amber-700 dark:text-amber-400">
                    An empty selector matches every ClusterRole: add a label or an expression.
                  </p>
                )}
                <p className="text-xs font-medium">Match labels</p>
                <KeyValueEditor
                  item={`${name} label`}
                  values={s.matchLabels}
                  onChange={(m) => setSelector(i, { ...s, matchLabels: m ?? {} })}
                />
                <p className="text-xs font-medium">Match expressions</p>
                {expressions.map((x, k) => {
                  const ename = `${name} expression ${k + 1}`;
                  const setX = (next: Expression) =>
                    setExpr(expressions.map((y, j) => (j === k ? next : y)));
                  const needsValues = x.operator === 'In' || x.operator === 'NotIn';
                  return (
                    <div key={k} className="flex flex-wrap items-end gap-2">
                      <input
                        aria-label={`${ename} key`}
                        placeholder="key"
                        value={x.key}
                        onChange={(e) => setX({ ...x, key: e.target.value })}
                        className={`${input} w-56`}
                      />
                      <select
                        aria-label={`${ename} operator`}
                        value={x.operator}
                        onChange={(e) => {
                          const operator = e.target.value;
                          const keep = operator === 'In' || operator === 'NotIn';
                          setX({
                            key: x.key,
                            operator,
                            ...(keep ? { values: x.values ?? [] } : {}),
                          });
                        }}
                        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900"
                      >
                        {OPERATORS.map((o) => (
                          <option key={o}>{o}</option>
                        ))}
                      </select>
                      {needsValues && (
                        <div className="min-w-56 flex-1">
                          <TokenInput
                            srPrefix={ename}
                            label="Values"
                            groups={false}
                            values={x.values ?? []}
                            onChange={(v) => setX({ ...x, values: v })}
                          />
                        </div>
                      )}
                      <button
                        type="button"
                        onClick={() => setExpr(expressions.filter((_, j) => j !== k))}
                        aria-label={`Remove ${ename}`}
                        className="rounded px-2 py-1 text-xs text-red-700 hover:bg-red-50 dark:text-red-300 dark:hover:bg-red-950"
                      >
                        Remove
                      </button>
                    </div>
                  );
                })}
                <div className="flex flex-wrap gap-2">
                  <Button
                    onClick={() =>
                      setExpr([...expressions, { key: '', operator: 'In', values: [] }])
                    }
                  >
                    Add expression to {name}
                  </Button>
                  <Button onClick={() => setSelectors(selectors.filter((_, j) => j !== i))}>
                    Remove {name}
                  </Button>
                </div>
              </fieldset>
            );
          })}
          <Button onClick={() => setSelectors([...selectors, { matchLabels: {} }])}>
            Add selector
          </Button>
        </>
      )}
    </div>
  );
}
