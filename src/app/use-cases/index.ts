export * as readIncident from './read-incident.ts';
export * as workOnSteps from './work-on-steps.ts';
export * as coordinate from './coordinate.ts';
