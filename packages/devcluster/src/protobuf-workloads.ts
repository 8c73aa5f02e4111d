// Protobuf field numbers of the workload kinds `kubectl create deployment|job|cronjob|service` send
// (Kubernetes generated.proto; checked against kubectl 1.32's requests).
import { f, labelSelector, objectMeta, withMeta, type Schema } from './protobuf-schema.js';

const container: Schema = {
  1: f('name', 'string'),
  2: f('image', 'string'),
  3: f('command', 'string', true),
  4: f('args', 'string', true),
  5: f('workingDir', 'string'),
  6: f(
    'ports',
    {
      1: f('name', 'string'),
      2: f('hostPort', 'int'),
      3: f('containerPort', 'int'),
      4: f('protocol', 'string'),
    },
    true,
  ),
  7: f('env', { 1: f('name', 'string'), 2: f('value', 'string') }, true),
  14: f('imagePullPolicy', 'string'),
};
const podSpec: Schema = {
  2: f('containers', container, true),
  3: f('restartPolicy', 'string'),
  7: f('nodeSelector', 'mapString'),
  8: f('serviceAccountName', 'string'),
};
const podTemplate: Schema = { 1: f('metadata', objectMeta), 2: f('spec', podSpec) };
const jobSpec: Schema = {
  1: f('parallelism', 'int'),
  2: f('completions', 'int'),
  4: f('selector', labelSelector),
  6: f('template', podTemplate),
  7: f('backoffLimit', 'int'),
};

export const WORKLOAD_KINDS: Record<string, Schema> = {
  'apps/v1/Deployment': withMeta({
    2: f('spec', {
      1: f('replicas', 'int'),
      2: f('selector', labelSelector),
      3: f('template', podTemplate),
      4: f('strategy', { 1: f('type', 'string') }),
    }),
  }),
  'batch/v1/Job': withMeta({ 2: f('spec', jobSpec) }),
  'batch/v1/CronJob': withMeta({
    2: f('spec', {
      1: f('schedule', 'string'),
      3: f('concurrencyPolicy', 'string'),
      5: f('jobTemplate', { 1: f('metadata', objectMeta), 2: f('spec', jobSpec) }),
    }),
  }),
  'v1/Service': withMeta({
    2: f('spec', {
      1: f(
        'ports',
        {
          1: f('name', 'string'),
          2: f('protocol', 'string'),
          3: f('port', 'int'),
          4: f('targetPort', 'intOrString'),
          5: f('nodePort', 'int'),
        },
        true,
      ),
      2: f('selector', 'mapString'),
      3: f('clusterIP', 'string'),
      4: f('type', 'string'),
    }),
  }),
};
