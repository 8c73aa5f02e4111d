export type * from './types.js';
export { createAuthorizer } from './authorizer.js';
export { STANDARD_VERBS } from './access-matrix.js';
export type { AccessMatrix, ResourceType } from './access-matrix.js';
export type { Authorizer } from './authorizer.js';
export { RISKY_PERMISSIONS } from './risky.js';
export type { RiskyFinding, RiskyPermission, Severity } from './risky.js';
export { accessChanges, subjectIdentity } from './impact.js';
export type { AccessChange } from './impact.js';
export { rulesCover, breakdownRule, ruleCovers } from './covers.js';
export { aggregateClusterRoles, labelSelectorMatcher } from './aggregate.js';
export { validateRbacObject } from './validate.js';
export { explainDecision } from './explain.js';
export {
  ruleAllows,
  rulesAllow,
  isNonResourceRequest,
  serviceAccountUsername,
  parseServiceAccountUsername,
  serviceAccountGroups,
  isSystemMaster,
  SYSTEM_MASTERS,
  RBAC_GROUP,
  subjectAppliesTo,
} from './match.js';
export {
  forbiddenMessage,
  forbiddenRequestMessage,
  forbiddenStatusMessage,
  allowedReason,
  deniedReason,
  describeSubject,
  compactRuleString,
  compactRules,
  escalationMessage,
  invalidStatusMessage,
  groupResource,
  AGGREGATION_RULE_MESSAGE,
} from './messages.js';
export { FULL_AUTHORITY } from './escalation.js';
export { rbacFindings } from './findings.js';
export type { FindingSeverity, ObjectRef, RbacFinding } from './findings.js';
export { applyChange, applyChanges, changeImpact } from './change-impact.js';
export type {
  AggregatedRoleChange,
  ChangeImpact,
  DanglingBinding,
  ImpactOptions,
  ProposedChange,
  ScopedRules,
  SubjectImpact,
} from './change-impact.js';
