// Every kind of problem is reported as `file: entry (id): field "x": what is wrong`.

import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ZodError } from 'zod';
import { FILE, baseFile, entry, problemLines, problemsOf, rejectionOf, siteSla } from './helpers.ts';

describe('directory file: problems within one entry', () => {
  it('rejects an id that is not a lowercase slug', () => {
    const file = baseFile();
    entry(file, 'organisations', 1).id = 'CloudNest';
    expect(problemsOf(file)).toContain(
      `${FILE}: organisations[1] (id "CloudNest"): field "id": must be a lowercase id of letters, digits and dashes`,
    );
  });

  it('names a missing required field', () => {
    const file = baseFile();
    delete entry(file, 'sites', 0).it_contact;
    expect(problemsOf(file)).toBe(`${FILE}: sites[0] (id "wanderlust-web"): field "it_contact": is required`);
  });

  it('rejects an unknown organisation kind', () => {
    const file = baseFile();
    entry(file, 'organisations', 1).kind = 'host';
    expect(problemsOf(file)).toBe(
      `${FILE}: organisations[1] (id "cloudnest"): field "kind": must be one of provider, vendor, client (found "host")`,
    );
  });

  it('rejects a time zone that is not an IANA name, and one on an organisation other than the provider', () => {
    const file = baseFile();
    entry(file, 'organisations', 0).timezone = 'CET+1';
    entry(file, 'organisations', 1).timezone = 'Europe/Berlin';
    const lines = problemLines(problemsOf(file));
    expect(lines).toContain(
      `${FILE}: organisations[0] (id "brightdesk"): field "timezone": must be an IANA time zone name like Europe/London or America/New_York (found "CET+1")`,
    );
    expect(lines).toContain(
      `${FILE}: organisations[1] (id "cloudnest"): field "timezone": only the provider organisation has a time zone (times are shown in the provider's zone); remove it here`,
    );
  });

  it('rejects an unknown notify value, and e-mail notifications without an address', () => {
    const file = baseFile();
    entry(file, 'people', 0).notify = 'mail';
    entry(file, 'people', 1).notify = 'email';
    const lines = problemLines(problemsOf(file));
    expect(lines).toContain(
      `${FILE}: people[0] (id "dana"): field "notify": must be one of chat, email, both: chat (the default), email (e-mail only) or both (found "mail")`,
    );
    expect(lines).toContain(
      `${FILE}: people[1] (id "sam"): field "notify": notify: email needs an e-mail address: add "email: name@example.com" to this entry`,
    );
  });

  it('reports a mistyped field instead of ignoring it, with a suggestion', () => {
    const file = baseFile();
    const dana = entry(file, 'people', 0);
    dana.organsation = dana.organisation;
    delete dana.organisation;
    const lines = problemLines(problemsOf(file));
    expect(lines).toContain(`${FILE}: people[0] (id "dana"): field "organisation": is required`);
    expect(lines).toContain(
      `${FILE}: people[0] (id "dana"): unknown field "organsation" (did you mean "organisation"?). ` +
        'Allowed fields: id, name, organisation, email, slack, discord, notify',
    );
  });

  it('reports unknown fields nested in the SLA and at the top level', () => {
    const file: Record<string, unknown> = { ...baseFile(), site: [] };
    siteSla(file as ReturnType<typeof baseFile>).uptime = 99;
    const lines = problemLines(problemsOf(file));
    expect(lines).toContain(
      `${FILE}: unknown field "site" (did you mean "sites"?). Allowed fields: organisations, people, sites`,
    );
    expect(
      lines.some((l) =>
        l.startsWith(`${FILE}: sites[0] (id "wanderlust-web"): field "sla": unknown field "uptime"`),
      ),
    ).toBe(true);
  });

  it('rejects an uptime target outside (0, 100]', () => {
    for (const [target, words] of [
      [0, 'must be a percentage above 0'],
      [100.5, 'must be a percentage of at most 100'],
    ] as const) {
      const file = baseFile();
      siteSla(file).uptime_target = target;
      expect(problemsOf(file)).toBe(
        `${FILE}: sites[0] (id "wanderlust-web"): field "sla.uptime_target": ${words}`,
      );
    }
  });

  it('rejects credit tier values outside 0..100', () => {
    const file = baseFile();
    siteSla(file).credit_tiers = [
      { below: 99.9, credit: 120 },
      { below: 0, credit: 50 },
    ];
    const lines = problemLines(problemsOf(file));
    const at = `${FILE}: sites[0] (id "wanderlust-web"): field "sla.credit_tiers`;
    expect(lines).toContain(`${at}[0].credit": must be a percentage from 0 to 100`);
    expect(lines).toContain(`${at}[1].below": must be a percentage above 0`);
  });

  it('rejects credit tiers that repeat a threshold or credit less for worse uptime', () => {
    const file = baseFile();
    siteSla(file).credit_tiers = [
      { below: 99, credit: 25 },
      { below: 95, credit: 10 },
      { below: 99, credit: 30 },
    ];
    const lines = problemLines(problemsOf(file));
    const at = `${FILE}: sites[0] (id "wanderlust-web"): field "sla.credit_tiers`;
    expect(lines).toContain(`${at}[2].below": 99 is already the threshold of credit_tiers[0]`);
    expect(lines.some((l) => l.startsWith(`${at}[1].credit": 10% below 95% uptime is less than`))).toBe(true);
  });

  it('rejects a fee with more than two decimals', () => {
    const file = baseFile();
    siteSla(file).monthly_fee = 450.001;
    expect(problemsOf(file)).toBe(
      `${FILE}: sites[0] (id "wanderlust-web"): field "sla.monthly_fee": must be an amount with at most two decimals, like 450.00`,
    );
  });

  it('asks for quotes around a Discord id that YAML read as a number', () => {
    const text = stringify(baseFile()).replace(
      'discord: "810000000000000001"',
      'discord: 810000000000000001',
    );
    expect(rejectionOf(text).message).toBe(
      `${FILE}: people[0] (id "dana"): field "discord": write Discord ids in quotes, like "810000000000000001"; ` +
        'unquoted, YAML reads them as numbers and rounds them',
    );
  });

  it('rejects malformed Slack ids and email addresses', () => {
    const file = baseFile();
    entry(file, 'people', 2).slack = '@maria';
    entry(file, 'people', 2).email = 'maria at wanderlust';
    const lines = problemLines(problemsOf(file));
    expect(lines).toContain(
      `${FILE}: people[2] (id "maria"): field "email": must be an email address like dana@example.com`,
    );
    expect(
      lines.some((l) =>
        l.startsWith(`${FILE}: people[2] (id "maria"): field "slack": must be a Slack member id`),
      ),
    ).toBe(true);
  });
});

describe('directory file: problems between entries', () => {
  it.each([
    ['organisations', 2, 'cloudnest', 1],
    ['people', 3, 'maria', 2],
  ] as const)('rejects a duplicate %s id', (section, index, id, earlier) => {
    const file = baseFile();
    entry(file, section, index).id = id;
    expect(problemsOf(file)).toContain(
      `${FILE}: ${section}[${index}] (id "${id}"): field "id": "${id}" is already used by ${section}[${earlier}]`,
    );
  });

  it('rejects a duplicate site id', () => {
    const file = baseFile();
    file.sites?.push({ ...entry(file, 'sites', 0), name: 'Copy' });
    expect(problemsOf(file)).toBe(
      `${FILE}: sites[1] (id "wanderlust-web"): field "id": "wanderlust-web" is already used by sites[0]`,
    );
  });

  it.each(['slack', 'discord'] as const)('rejects a %s handle used by two people', (platform) => {
    const file = baseFile();
    entry(file, 'people', 1)[platform] = entry(file, 'people', 0)[platform];
    expect(problemsOf(file)).toBe(
      `${FILE}: people[1] (id "sam"): field "${platform}": "${String(entry(file, 'people', 0)[platform])}" ` +
        `is already the ${platform} handle of people[0] (id "dana")`,
    );
  });

  it('rejects two people with the same preferred name, whatever the case and spacing', () => {
    // The console (/as Dana) and @mentions pick people by preferred name: two "Dana"s would
    // make one of them unreachable.
    const file = baseFile();
    const dana = String(entry(file, 'people', 0).name);
    entry(file, 'people', 1).name = ` ${dana.toUpperCase()} `;
    expect(problemsOf(file)).toBe(
      `${FILE}: people[1] (id "sam"): field "name": "${dana.toUpperCase()}" is already the preferred name of people[0] (id "dana"); ` +
        'give each person a name of their own (e.g. add a surname)',
    );
  });

  it("rejects a person whose organisation doesn't exist", () => {
    const file = baseFile();
    entry(file, 'people', 1).organisation = 'cloudnest-hostng';
    expect(problemsOf(file)).toBe(
      `${FILE}: people[1] (id "sam"): field "organisation": unknown organisation "cloudnest-hostng". ` +
        'Known: brightdesk, cloudnest, wanderlust',
    );
  });

  it('rejects a site whose client does not exist, with a suggestion', () => {
    const file = baseFile();
    entry(file, 'sites', 0).client = 'wanderlst';
    expect(problemsOf(file)).toBe(
      `${FILE}: sites[0] (id "wanderlust-web"): field "client": unknown organisation "wanderlst" (did you mean "wanderlust"?). ` +
        'Known: brightdesk, cloudnest, wanderlust',
    );
  });

  it('rejects a site whose client is not a client organisation', () => {
    const file = baseFile();
    entry(file, 'sites', 0).client = 'cloudnest';
    expect(problemsOf(file)).toBe(
      `${FILE}: sites[0] (id "wanderlust-web"): field "client": "cloudnest" is a vendor organisation; ` +
        "a site's client must be a client organisation. Clients: wanderlust",
    );
  });

  it('rejects an IT contact who is not a person', () => {
    const file = baseFile();
    entry(file, 'sites', 0).it_contact = 'brightdesk';
    expect(problemsOf(file)).toBe(
      `${FILE}: sites[0] (id "wanderlust-web"): field "it_contact": unknown person "brightdesk". Known: dana, sam, maria, kevin`,
    );
  });

  it('rejects a vendor contact who is not a person', () => {
    const file = baseFile();
    entry(file, 'sites', 0).vendor_contacts = ['sam', 'sma'];
    expect(problemsOf(file)).toBe(
      `${FILE}: sites[0] (id "wanderlust-web"): field "vendor_contacts[1]": unknown person "sma" (did you mean "sam"?). ` +
        'Known: dana, sam, maria, kevin',
    );
  });

  it('rejects a vendor contact who does not work for a vendor', () => {
    const file = baseFile();
    entry(file, 'sites', 0).vendor_contacts = ['sam', 'dana'];
    expect(problemsOf(file)).toBe(
      `${FILE}: sites[0] (id "wanderlust-web"): field "vendor_contacts[1]": "dana" works for "brightdesk", ` +
        'a provider organisation; vendor contacts must work for a vendor. Vendor people: sam',
    );
  });

  it('reports a broken organisation once, not again at every reference to it', () => {
    const file = baseFile();
    entry(file, 'organisations', 2).kind = 'clinet';
    // Maria, Kevin and the site refer to "wanderlust"; its kind is unknown, not its id.
    expect(problemsOf(file)).toBe(
      `${FILE}: organisations[2] (id "wanderlust"): field "kind": must be one of provider, vendor, client (found "clinet")`,
    );
  });

  it('still checks the references of an entry that has problems of its own', () => {
    const file = baseFile();
    Object.assign(entry(file, 'people', 1), { email: 'sam at cloudnest', organisation: 'cloudnest-hostng' });
    const lines = problemLines(problemsOf(file));
    expect(lines.map((l) => l.split(': ').slice(0, 3).join(': '))).toEqual([
      `${FILE}: people[1] (id "sam"): field "email"`,
      `${FILE}: people[1] (id "sam"): field "organisation"`,
    ]);
  });
});

describe('directory file: many problems and broken YAML', () => {
  it('lists every problem at once, in file order, after a count', () => {
    const file = baseFile();
    entry(file, 'organisations', 0).kind = 'reseller';
    entry(file, 'people', 1).organisation = 'cloudnest-hostng';
    entry(file, 'people', 1).email = 'not-an-email';
    entry(file, 'people', 3).discord = entry(file, 'people', 0).discord;
    entry(file, 'sites', 0).it_contact = 'danna';
    siteSla(file).uptime_target = 0;
    const message = problemsOf(file);
    const lines = message.split('\n');
    expect(lines[0]).toBe(`${FILE} has problems; the directory was not loaded (6):`);
    expect(lines.slice(1).map((l) => l.split(': field ')[0])).toEqual([
      `${FILE}: organisations[0] (id "brightdesk")`,
      `${FILE}: people[1] (id "sam")`,
      `${FILE}: people[1] (id "sam")`,
      `${FILE}: people[3] (id "kevin")`,
      `${FILE}: sites[0] (id "wanderlust-web")`,
      `${FILE}: sites[0] (id "wanderlust-web")`,
    ]);
  });

  it('keeps the ZodError, with full paths, as the cause', () => {
    const file = baseFile();
    siteSla(file).monthly_fee = -1;
    const error = rejectionOf(stringify(file));
    expect(error.code).toBe('validation');
    expect(error.cause).toBeInstanceOf(ZodError);
    expect((error.cause as ZodError).issues[0]?.path).toEqual(['sites', 0, 'sla', 'monthly_fee']);
  });

  it('gives the line and column of a YAML syntax error', () => {
    const text = ['organisations:', '  - id: brightdesk', '    name: [BrightDesk', 'people: []', ''].join(
      '\n',
    );
    const message = rejectionOf(text).message;
    expect(message).toMatch(
      /^dir\.yaml: line 4, column 1: Flow sequence in block collection must be sufficiently indented/,
    );
  });

  it('lists several YAML syntax errors, each with its line', () => {
    const text = ['organisations:', '  - id: a', '    id: b', 'people:', '  - name: x: y', ''].join('\n');
    const lines = rejectionOf(text).message.split('\n');
    expect(lines[0]).toBe(`${FILE} is not valid YAML (2):`);
    expect(lines[1]).toBe(`${FILE}: line 3, column 5: Map keys must be unique`);
    expect(lines[2]).toMatch(/^dir\.yaml: line 5, column 11: /);
  });

  it('explains an empty file and a file that is a list', () => {
    expect(rejectionOf('').message).toBe(
      `${FILE}: the file is empty; it should list organisations, people and sites`,
    );
    expect(rejectionOf('- dana\n').message).toBe(
      `${FILE}: the top level must be a mapping of fields (found a list); it should list organisations, people and sites`,
    );
  });

  it('explains an entry that is not a mapping', () => {
    const file = baseFile() as Record<string, unknown[]>;
    file.people?.push('priya');
    expect(problemsOf(file)).toBe(
      `${FILE}: people[4]: each entry must be a mapping of fields such as id and name (found "priya")`,
    );
  });
});

describe('directory file: control characters', () => {
  it('refuses them in names and runbooks, saying where, and never echoes them', () => {
    const file = baseFile();
    entry(file, 'people', 0).name = 'Dana\u001b]0;pwned\u0007';
    entry(file, 'sites', 0).runbook = 'Step one.\n\tStep\u0000 two.';
    entry(file, 'organisations', 1).id = 'cloud\u001b[2Jnest';
    const lines = problemLines(problemsOf(file));
    expect(lines).toContain(
      `${FILE}: people[0] (id "dana"): field "name": must not contain control characters (found U+001B at character 5); only newlines and tabs are allowed`,
    );
    expect(lines).toContain(
      `${FILE}: sites[0] (id "wanderlust-web"): field "runbook": must not contain control characters (found U+0000 at character 16); only newlines and tabs are allowed`,
    );
    expect(lines.join('\n')).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });
});
