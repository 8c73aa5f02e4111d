import { expect, type Locator, type Page } from '@playwright/test';

export type SubjectKind = 'Myself' | 'User' | 'Group' | 'ServiceAccount';

export interface ResourceQuestion {
  verb: string;
  apiGroup?: string;
  resource: string;
  subresource?: string;
  name?: string;
  namespace?: string;
}

/** The question form every access analysis page starts with. */
export class AnalysisForm {
  readonly form: Locator;

  constructor(
    readonly page: Page,
    title: string,
  ) {
    this.form = page.getByRole('form', { name: title });
  }

  async subject(
    kind: SubjectKind,
    name?: string,
    opts: { namespace?: string; groups?: string } = {},
  ): Promise<void> {
    await this.form.getByRole('combobox', { name: 'Subject kind' }).selectOption({ label: kind });
    if (name !== undefined)
      await this.form.getByRole('combobox', { name: 'Subject name', exact: true }).fill(name);
    if (opts.namespace !== undefined)
      await this.form.getByRole('textbox', { name: 'Subject namespace' }).fill(opts.namespace);
    if (opts.groups !== undefined)
      await this.form.getByRole('textbox', { name: /^Groups/ }).fill(opts.groups);
  }

  async resource(q: ResourceQuestion): Promise<void> {
    await this.form.getByRole('radio', { name: 'Resource', exact: true }).check();
    await this.form.getByRole('combobox', { name: 'Verb', exact: true }).fill(q.verb);
    await this.form.getByRole('textbox', { name: 'API group' }).fill(q.apiGroup ?? '');
    await this.form.getByRole('textbox', { name: 'Resource', exact: true }).fill(q.resource);
    await this.form.getByRole('textbox', { name: 'Subresource' }).fill(q.subresource ?? '');
    await this.form.getByRole('textbox', { name: 'Resource name' }).fill(q.name ?? '');
    await this.form
      .getByRole('textbox', { name: 'Namespace', exact: true })
      .fill(q.namespace ?? '');
  }

  async nonResource(verb: string, path: string): Promise<void> {
    await this.form.getByRole('radio', { name: 'Non-resource URL' }).check();
    await this.form.getByRole('combobox', { name: 'Verb', exact: true }).fill(verb);
    await this.form.getByRole('textbox', { name: 'Path' }).fill(path);
  }

  async submit(label: string): Promise<void> {
    await this.form.getByRole('button', { name: label }).click();
  }

  /** The loud warning of a User analysed without known groups. */
  groupsUnknown(): Locator {
    return this.page
      .getByRole('note')
      .filter({ hasText: 'Groups unknown: results may miss group access' });
  }

  /** The line saying where a User's groups came from, once they are known. */
  groupSources(): Locator {
    return this.page.getByLabel('Where the groups come from');
  }

  async includeSignInGroups(user: string): Promise<void> {
    await this.page
      .getByRole('button', { name: `Include groups from ${user}’s last sign-in` })
      .click();
  }
}

/** Check access: the engine's verdict and chain beside the API server's. */
export class AccessCheckPage extends AnalysisForm {
  constructor(page: Page) {
    super(page, 'Check access');
  }

  verdict(who: 'Gatehouse engine' | 'API server'): Locator {
    return this.page.getByLabel(new RegExp(`^${who}: (allowed|denied)$`));
  }

  chain(): Locator {
    return this.page.getByRole('list', { name: 'Binding → role → rule chain' });
  }

  disagreement(): Locator {
    return this.page
      .getByRole('alert')
      .filter({ hasText: 'Gatehouse and the API server disagree' });
  }
}

/** Who can: subjects grouped by ClusterRoleBindings and RoleBindings of the namespace. */
export class WhoCanPage extends AnalysisForm {
  constructor(page: Page) {
    super(page, 'Who can');
  }

  /** The cluster-wide section: counts, filters and one group per binding. */
  clusterWide(): Locator {
    return this.page.getByRole('region', { name: 'Cluster-wide (ClusterRoleBindings)' });
  }

  inNamespace(namespace: string): Locator {
    return this.page.getByRole('region', { name: `In namespace ${namespace} (RoleBindings)` });
  }

  /** The open/close button of the group of subjects one binding grants, e.g. "ClusterRoleBinding x". */
  grant(section: Locator, binding: string): Locator {
    return section.getByRole('button', { name: new RegExp(`subjects? through ${binding}$`) });
  }

  /** The (windowed) table of the subjects one binding grants. */
  grantSubjects(section: Locator, binding: string): Locator {
    return section.getByRole('table', { name: `Subjects through ${binding}` });
  }

  kindFilter(section: Locator, kind: 'Users' | 'Groups' | 'ServiceAccounts'): Locator {
    return section.getByRole('button', { name: new RegExp(`^${kind} [\\d,]+$`) });
  }

  filter(section: Locator): Locator {
    return section.getByLabel('Filter subjects');
  }
}

/** Access matrix: a heatmap of one subject's namespaces × resource types × verbs. */
export class AccessMatrixPage extends AnalysisForm {
  readonly grid: Locator;

  constructor(page: Page) {
    super(page, 'Access matrix');
    this.grid = page.getByRole('grid', { name: 'Access matrix' });
  }

  cell(label: string | RegExp): Locator {
    return this.grid.getByRole('gridcell', { name: label });
  }

  rowHeaders(): Locator {
    return this.grid.getByRole('rowheader');
  }

  filters(): Locator {
    return this.page.getByRole('group', { name: 'Matrix filters' });
  }

  exportLink(): Locator {
    return this.page.getByRole('link', { name: 'Export CSV' });
  }
}

/** Subject access: bindings naming the subject and the rules they grant. */
export class SubjectAccessPage extends AnalysisForm {
  constructor(page: Page) {
    super(page, 'Subject access');
  }

  bindings(): Locator {
    return this.page.getByRole('table', { name: 'Bindings' });
  }

  rulesIn(namespace: string): Locator {
    return this.page.getByRole('table', { name: `Rules in ${namespace}` });
  }
}

/** Risks: findings with severity and fix. */
export class RisksPage {
  constructor(readonly page: Page) {}

  findings(): Locator {
    return this.page.getByRole('list', { name: 'Findings' }).getByRole('listitem');
  }

  finding(label: string | RegExp): Locator {
    return this.page.getByRole('list', { name: 'Findings' }).getByRole('listitem', { name: label });
  }

  async minimumSeverity(severity: 'critical' | 'high' | 'medium' | 'low'): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Minimum severity' }).selectOption(severity);
  }

  async includeDefaults(): Promise<void> {
    await this.page.getByRole('checkbox', { name: 'Include Kubernetes defaults' }).check();
  }

  async expectLoaded(): Promise<void> {
    await expect(this.page.getByRole('heading', { level: 1, name: 'Risks' })).toBeVisible();
    await expect(this.page.getByRole('list', { name: 'Findings' })).toBeVisible();
  }
}

/** The change-impact panel of role and binding editors. */
export function impactPanel(page: Page): Locator {
  return page.getByRole('region', { name: 'Impact of this change' });
}

/** The "partial analysis" label of an answer computed from only the RBAC objects one may read. */
export function scopeNotice(page: Page): Locator {
  return page.getByRole('note').filter({ hasText: 'Partial analysis' });
}
