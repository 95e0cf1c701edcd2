// The incident as the domain sees it: the projection of its timeline.

export type IncidentStatus = 'open' | 'mitigated' | 'resolved';
export type Severity = 'sev1' | 'sev2' | 'sev3';
export type ParticipantRole = 'client' | 'it' | 'vendor' | 'coordinator' | 'observer';
export type StepStatus = 'open' | 'doing' | 'blocked' | 'done';
export type HandoffStatus = 'pending' | 'accepted' | 'declined' | 'expired';

export interface Participant {
  personId: string;
  role: ParticipantRole;
  joinedAt: Date;
}

export interface Step {
  number: number;
  title: string;
  /** Exactly one owner at every moment. Changes only through an accepted handoff. */
  ownerId: string;
  ownerSince: Date;
  status: StepStatus;
  createdAt: Date;
}

export interface Handoff {
  number: number;
  stepNumber: number;
  fromId: string;
  toId: string;
  /** Who asked: the step's owner, or the coordinator reassigning it. */
  proposedById: string;
  /** What the sender saw and did. Required. */
  note: string;
  status: HandoffStatus;
  reason?: string | undefined;
  proposedAt: Date;
  answeredAt?: Date | undefined;
}

export interface Incident {
  number: number;
  siteId: string;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  coordinatorId: string;
  reporterId: string;
  openedAt: Date;
  resolvedAt?: Date | undefined;
  rooms: Partial<Record<string, string>>;
  participants: Participant[];
  steps: Step[];
  handoffs: Handoff[];
  /** Sequence number of the last timeline event applied. */
  version: number;
}

/** sev1 is the worst: moving towards it raises the severity. */
export function severityRaised(from: Severity, to: Severity): boolean {
  return Number(to.slice(3)) < Number(from.slice(3));
}

export function incidentRef(number: number): string {
  return `INC-${number}`;
}

/**
 * Where handoff `number` is in `incident.handoffs`, or -1. Handoffs are numbered in the order
 * they were offered (H1 is the first), so it is found at its place without a search; a list
 * in another order is searched. An incident gains a handoff at each offer, and every answer
 * looks one up (issue 13: a busy incident holds hundreds).
 */
export function handoffIndex(incident: Pick<Incident, 'handoffs'>, number: number): number {
  const { handoffs } = incident;
  if (handoffs[number - 1]?.number === number) return number - 1;
  return handoffs.findIndex((h) => h.number === number);
}

/** Handoff `number` of the incident, if it has one. */
export function findHandoff(incident: Pick<Incident, 'handoffs'>, number: number): Handoff | undefined {
  const at = handoffIndex(incident, number);
  return at === -1 ? undefined : incident.handoffs[at];
}
