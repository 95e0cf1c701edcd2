// What the person who typed a command sees back.

export interface Reply {
  text: string;
  /** `private`: only the actor sees it (ephemeral). `room`: posted in the incident room. */
  visibility: 'private' | 'room';
  /** The incident the command acted on, so adapters can switch or create rooms. */
  incidentNumber?: number;
  /** Set when the reply reports a refused or failed command. */
  error?: { code: string };
}

export const privately = (text: string, incidentNumber?: number): Reply => ({
  text,
  visibility: 'private',
  ...(incidentNumber ? { incidentNumber } : {}),
});

export const inRoom = (text: string, incidentNumber: number): Reply => ({
  text,
  visibility: 'room',
  incidentNumber,
});
