// What the generic kind pages (views/) need to know about one RBAC kind. Each kind is one folder:
// index.ts (its entry: routes and capabilities, part of the route table, so kept small) and
// descriptor.tsx (columns, detail tabs, form; loaded with the kind's pages on first use).
// registry.ts finds the folders, routes.tsx makes their route shells, views/ draws the pages.
import type { ComponentType, ReactNode } from 'react';
import type { RbacObjectOf } from '../api/rbac.js';
import type { RbacKind } from '../api/rbacKinds.js';
import type { Column } from '../ui/ResourceTable.js';
import type { TabDef } from '../ui/Tabs.js';

/** Where a page of the kind is drawn. */
export interface KindContext {
  clusterId: string;
  /** Absent for a cluster-scoped kind, or a namespaced one listed across all namespaces. */
  namespace?: string;
}

export interface DetailContext extends KindContext {
  name: string;
  /** Why the object must not be changed here (built-in, managed), or null. */
  readOnly: string | null;
}

export interface FormProps {
  namespace?: string;
  /** Name of the object being edited. */
  edit?: string;
  /** Name of the object a create starts from (Clone). */
  from?: string;
}

/** The pages one kind has; the entry loads them (with its descriptor) on first use. */
export interface KindViews {
  List: ComponentType<{ namespace?: string }>;
  Detail: ComponentType<{ name: string; namespace?: string }>;
  Form: ComponentType<FormProps>;
}

/** A kind's entry in the route table: enough to route and guard, nothing drawn. */
export interface KindEntry<K extends RbacKind = RbacKind> {
  kind: K;
  capabilities: {
    /** An edit page (…/:name/edit) and the Edit button. */
    edit: boolean;
    /** A Clone button: create from this object (new/…?from=name). */
    clone: boolean;
  };
  views: () => Promise<KindViews>;
}

export interface ListFilterOption<T> {
  value: string;
  label: string;
  keep: (object: T) => boolean;
}

/** How the generic list, detail and form pages draw one kind. */
export interface KindDescriptor<K extends RbacKind> {
  entry: KindEntry<K>;
  list: {
    description: (namespace: string | undefined) => string;
    /** Width of the Name column (the generic list adds Name, Namespace across namespaces, and Age). */
    nameClassName: string;
    namespaceClassName: string;
    /** Badges after the name in the list. */
    nameBadges?: (object: RbacObjectOf<K>) => ReactNode;
    /** The kind's own columns, between Name/Namespace and Age. */
    columns: (ctx: KindContext) => Column<RbacObjectOf<K>>[];
    /** A "Show" select beside the search; the first option is the default. */
    show?: ListFilterOption<RbacObjectOf<K>>[];
  };
  detail: {
    firstTab: string;
    /** The kind's own tabs; Metadata and YAML follow them. */
    tabs: (object: RbacObjectOf<K>, ctx: DetailContext) => TabDef[];
    badges?: (object: RbacObjectOf<K>) => ReactNode;
    description?: (object: RbacObjectOf<K>, ctx: DetailContext) => ReactNode;
    /** Actions of the kind's own, before Delete (Edit and Clone come from the capabilities). */
    Actions?: ComponentType<{ object: RbacObjectOf<K>; ctx: DetailContext }>;
  };
  /** Create, clone and (with capabilities.edit) edit. */
  Form: ComponentType<FormProps>;
}
