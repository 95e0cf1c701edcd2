// The console's own commands: its help text, and the words "did you mean" picks from.

export const CONSOLE_HELP = [
  'Console commands:',
  '  /as <name>         speak as someone else from the directory (e.g. /as Dana)',
  '  /room INC-<n>      type into the room of an incident you are part of (plain lines are room messages;',
  '                     with no room chosen they go to your only open incident)',
  '  /who               list the people you can speak as',
  '  /incident help     the incident commands',
  '  /clock <time>      (scripts only) set the clock, then only forward, e.g. /clock 2026-03-01T08:00Z',
  '  /wait <duration>   (scripts only) move the clock on, e.g. /wait 15m',
  '  /quit              leave',
].join('\n');

/** Every console command, for "did you mean". */
export const CONSOLE_COMMANDS = [
  '/as',
  '/room',
  '/who',
  '/help',
  '/incident',
  '/clock',
  '/wait',
  '/quit',
  '/exit',
];
