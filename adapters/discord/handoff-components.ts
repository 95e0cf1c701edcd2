// Accept / Decline buttons on handoff requests and the Decline modal. Custom ids carry the
// incident and handoff numbers, so a button still works after a restart: nothing is looked
// up in memory to know what it is about.

import {
  ButtonStyle,
  ComponentType,
  TextInputStyle,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIModalInteractionResponseCallbackData,
} from 'discord.js';
import { TEXT_LIMIT } from '../../src/commands/index.ts';
import type { IncidentView } from '../../src/app/incident-view.ts';

export type HandoffAction = 'accept' | 'decline' | 'reason';

export interface HandoffTarget {
  action: HandoffAction;
  incident: number;
  handoff: number;
}

const PREFIX = 'handoff';
export const REASON_FIELD = 'reason';

/** `handoff:accept:3:2`: action, incident number, handoff number. */
export function handoffCustomId(target: HandoffTarget): string {
  return `${PREFIX}:${target.action}:${target.incident}:${target.handoff}`;
}

/** The target of one of our custom ids, or undefined for anything else (never throws). */
export function parseHandoffCustomId(customId: string): HandoffTarget | undefined {
  const match = /^handoff:(accept|decline|reason):(\d{1,9}):(\d{1,9})$/.exec(customId);
  if (!match) return undefined;
  return { action: match[1] as HandoffAction, incident: Number(match[2]), handoff: Number(match[3]) };
}

export function handoffButtons(incident: number, handoff: number): APIActionRowComponent<APIButtonComponent> {
  const button = (action: HandoffAction, label: string, style: ButtonStyle.Success | ButtonStyle.Danger) => ({
    type: ComponentType.Button as const,
    custom_id: handoffCustomId({ action, incident, handoff }),
    label,
    style,
  });
  return {
    type: ComponentType.ActionRow,
    components: [
      button('accept', 'Accept', ButtonStyle.Success),
      button('decline', 'Decline', ButtonStyle.Danger),
    ],
  };
}

/** The modal Decline opens: the reason is required, because a decline without one is refused. */
export function declineModal(incident: number, handoff: number): APIModalInteractionResponseCallbackData {
  return {
    custom_id: handoffCustomId({ action: 'reason', incident, handoff }),
    title: `Decline H${handoff}`,
    components: [
      {
        type: ComponentType.Label,
        label: 'Why are you declining?',
        description: 'The sender keeps the step and needs to know what to do next.',
        component: {
          type: ComponentType.TextInput,
          custom_id: REASON_FIELD,
          style: TextInputStyle.Paragraph,
          required: true,
          min_length: 1,
          max_length: TEXT_LIMIT,
        },
      },
    ],
  };
}

/** The line appended to a handoff request once it is answered, so the message shows the outcome. */
export function handoffOutcome(view: IncidentView, handoff: number): string | undefined {
  const h = view.handoffs.find((x) => x.number === handoff);
  if (!h || h.status === 'pending') return undefined;
  switch (h.status) {
    case 'accepted':
      return `✅ ${h.to.name} accepted H${h.number}: step ${h.step} is ${h.to.name}'s now.`;
    case 'declined':
      return `❌ ${h.to.name} declined H${h.number}: "${h.reason ?? ''}". Step ${h.step} stays with ${h.from.name}.`;
    case 'expired':
      return `⌛ H${h.number} is closed${h.reason ? `: ${h.reason}` : '.'}`;
  }
}
