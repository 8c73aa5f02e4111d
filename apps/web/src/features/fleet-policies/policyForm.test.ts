import { describe, expect, it } from 'vitest';
import type { PolicySpec } from './api.js';
import {
  emptyForm,
  fieldPath,
  formFromSpec,
  formFromTemplate,
  formFromYaml,
  newStatement,
  policyYaml,
  specFromForm,
  splitNames,
  type PolicyForm,
} from './policyForm.js';

/** The sre policy of issue 16, as the API returns it. */
const sreSpec: PolicySpec = {
  description: 'SRE on-call',
  subjects: [{ kind: 'Group', name: 'sre' }],
  statements: [
    {
      clusterRole: 'view',
      placements: [{ clusters: { names: ['*'] }, namespaces: { names: ['kube-system'] } }],
    },
    {
      clusterRole: 'edit',
      placements: [{ clusters: { names: ['staging'] }, namespaces: { names: ['payments'] } }],
    },
  ],
};

const fields = (form: PolicyForm) => specFromForm(form).errors.map((e) => e.field);

describe('formFromSpec and specFromForm', () => {
  it('round-trips a spec through the form', () => {
    const form = formFromSpec('sre', sreSpec);
    expect(form.statements[0]!.placements[0]!.clusters.mode).toBe('all');
    expect(form.statements[1]!.placements[0]!.clusters).toEqual({
      mode: 'names',
      names: 'staging',
      selector: '',
    });
    const back = specFromForm(form);
    expect(back.errors).toEqual([]);
    expect(back).toMatchObject({ name: 'sre', spec: sreSpec });
  });

  it('round-trips selectors, inline rules and ServiceAccounts', () => {
    const spec: PolicySpec = {
      subjects: [{ kind: 'ServiceAccount', name: 'ci', namespace: 'build' }],
      statements: [
        {
          rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }],
          placements: [
            {
              clusters: { selector: { matchLabels: { env: 'prod' } } },
              namespaces: {
                selector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['pay'] }] },
              },
            },
          ],
        },
      ],
    };
    const form = formFromSpec('ci', spec);
    expect(form.statements[0]!.source).toBe('rules');
    expect(form.statements[0]!.placements[0]!.namespaces).toEqual({
      mode: 'selector',
      names: '',
      selector: 'team in (pay)',
    });
    expect(specFromForm(form)).toEqual({ name: 'ci', spec, errors: [] });
  });

  it('trims what is typed and leaves an empty description out', () => {
    const form = formFromSpec(' sre ', { ...sreSpec, description: '   ' });
    form.subjects[0]!.name = '  sre ';
    form.statements[0]!.placements[0]!.namespaces.names = ' kube-system ,  monitoring ';
    const { name, spec } = specFromForm(form);
    expect(name).toBe('sre');
    expect(spec).not.toHaveProperty('description');
    expect(spec.subjects).toEqual([{ kind: 'Group', name: 'sre' }]);
    expect(spec.statements[0]!.placements[0]!.namespaces).toEqual({
      names: ['kube-system', 'monitoring'],
    });
  });

  it('sends only the chosen source of a statement, keeping the other in the form', () => {
    const form = formFromSpec('sre', sreSpec);
    const s = form.statements[0]!;
    s.rules = [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }];
    expect(specFromForm(form).spec.statements[0]).toHaveProperty('clusterRole', 'view');
    s.source = 'rules';
    const sent = specFromForm(form).spec.statements[0]!;
    expect(sent).not.toHaveProperty('clusterRole');
    expect(sent.rules).toEqual([{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }]);
    expect(s.clusterRole).toBe('view');
  });

  it('gives a namespace to ServiceAccounts only, whatever the form still holds', () => {
    const form = formFromSpec('sre', sreSpec);
    form.subjects[0] = { kind: 'User', name: 'carol', namespace: 'left-over' };
    expect(specFromForm(form).spec.subjects).toEqual([{ kind: 'User', name: 'carol' }]);
    form.subjects[0] = { kind: 'ServiceAccount', name: 'ci', namespace: '' };
    expect(fields(form)).toEqual(['spec.subjects[0].namespace']);
  });
});

describe('specFromForm validation', () => {
  it('finds every problem of an empty form, one a field, keyed by field path', () => {
    expect(specFromForm(emptyForm()).errors).toEqual([
      {
        field: 'spec.statements[0].placements[0].namespaces.names',
        message: 'name at least one',
        type: 'FieldValueRequired',
      },
      { field: 'name', message: 'required', type: 'FieldValueRequired' },
      { field: 'spec.subjects[0].name', message: 'required', type: 'FieldValueRequired' },
      { field: 'spec.statements[0].clusterRole', message: 'required', type: 'FieldValueRequired' },
    ]);
  });

  it('refuses a name that is not a DNS subdomain', () => {
    const form = formFromSpec('Bad:Name', sreSpec);
    const errors = specFromForm(form).errors;
    expect(errors.map((e) => e.field)).toEqual(['name']);
    expect(errors[0]!.message).toMatch(/DNS subdomain/);
  });

  it('says why a selector does not parse, once, at its text box', () => {
    const form = formFromSpec('sre', sreSpec);
    form.statements[1]!.placements[0]!.clusters = {
      mode: 'selector',
      names: '',
      selector: 'env >',
    };
    const errors = specFromForm(form).errors;
    expect(errors).toEqual([
      {
        field: 'spec.statements[1].placements[0].clusters.selector',
        message: expect.stringMatching(/is not a label requirement/),
        type: 'FieldValueInvalid',
      },
    ]);
  });

  it('asks for a label in an empty selector, and for a name in an empty name list', () => {
    const form = formFromSpec('sre', sreSpec);
    form.statements[0]!.placements[0]!.clusters = { mode: 'selector', names: '', selector: ' ' };
    form.statements[1]!.placements[0]!.namespaces = { mode: 'names', names: ' , ', selector: '' };
    expect(fields(form)).toEqual([
      'spec.statements[0].placements[0].clusters.selector',
      'spec.statements[1].placements[0].namespaces.names',
    ]);
  });

  it('passes on the contract’s own checks: a name given twice, a statement with no rules', () => {
    const form = formFromSpec('sre', sreSpec);
    form.statements[0]!.placements[0]!.namespaces.names = 'kube-system, kube-system';
    form.statements.push({ ...newStatement(), source: 'rules' });
    form.statements[2]!.placements[0]!.namespaces.names = 'x';
    expect(fields(form)).toEqual([
      'spec.statements[0].placements[0].namespaces.names',
      'spec.statements[2].rules',
    ]);
  });
});

describe('formFromTemplate', () => {
  it('copies a built-in’s statements under a new name, with one subject to fill in', () => {
    const viewer: PolicySpec = {
      description: 'Viewer',
      subjects: [],
      statements: [
        {
          clusterRole: 'view',
          placements: [{ clusters: { names: ['*'] }, namespaces: { names: ['*'] } }],
        },
      ],
    };
    const form = formFromTemplate('gatehouse-viewer', viewer);
    expect(form.name).toBe('viewer-copy');
    expect(form.subjects).toEqual([{ kind: 'Group', name: '', namespace: '' }]);
    expect(form.statements[0]!.placements[0]!.namespaces.mode).toBe('all');
    expect(formFromTemplate('sre', sreSpec).subjects).toHaveLength(1);
    expect(formFromTemplate('sre', sreSpec).name).toBe('sre-copy');
  });
});

describe('the YAML tab', () => {
  it('writes the policy as kubectl applies it and reads it back into the same form', () => {
    const text = policyYaml('sre', specFromForm(formFromSpec('sre', sreSpec)).spec);
    expect(text).toContain('apiVersion: gatehouse.dev/v1alpha1');
    expect(text).toContain('kind: AccessPolicy');
    const read = formFromYaml(text);
    expect(read).toEqual({ ok: true, form: formFromSpec('sre', sreSpec) });
  });

  it('keeps a saved policy’s name, and refuses another kind or apiVersion', () => {
    const text = policyYaml('sre', specFromForm(formFromSpec('sre', sreSpec)).spec);
    expect(formFromYaml(text, 'other')).toEqual({
      ok: false,
      error: 'metadata.name must stay other: a new name is a new policy',
    });
    expect(formFromYaml(text.replace('v1alpha1', 'v2'))).toEqual({
      ok: false,
      error: 'apiVersion must be gatehouse.dev/v1alpha1',
    });
    expect(formFromYaml(text.replace('kind: AccessPolicy', 'kind: ClusterRole')).ok).toBe(false);
    expect(formFromYaml('spec: [').ok).toBe(false);
  });
});

describe('helpers', () => {
  it('splits names on commas and spaces', () => {
    expect(splitNames(' a, b  c,,d ')).toEqual(['a', 'b', 'c', 'd']);
    expect(splitNames('')).toEqual([]);
  });

  it('writes a zod path as the API server writes field paths', () => {
    expect(fieldPath(['spec', 'subjects', 0, 'name'])).toBe('spec.subjects[0].name');
    expect(fieldPath(['name'])).toBe('name');
    expect(fieldPath([])).toBe('');
  });
});
