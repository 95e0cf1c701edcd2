// One contract for the Store port (design.md §5.9), run against every implementation:
// memory, PGlite and PostgreSQL. Each test gets an empty store from `makeStore`.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  DeadlineFilter,
  IncidentFilter,
  OutboxEntry,
  PlatformRefValue,
  Store,
  StoredDeadline,
  StoreTx,
} from '../../src/app/ports.ts';
import { ConflictError, ValidationError } from '../../src/domain/errors.ts';
import type { Incident } from '../../src/domain/incident-types.ts';
import type { TimelineEvent } from '../../src/domain/timeline-types.ts';
import { advance, at, directory, openedEvent, openedIncident, resolve, workedIncident } from './fixtures.ts';

/** Resolves once `parties` have arrived, or after `ms` for stores that serialise transactions. */
function barrier(parties: number, ms: number): () => Promise<void> {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return async () => {
    arrived += 1;
    if (arrived === parties) release();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  };
}

export interface StoreUnderTest {
  store: Store;
  close(): Promise<void>;
}

export function storeContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`Store contract: ${name}`, () => {
    let subject: StoreUnderTest;
    let store: Store;

    beforeEach(async () => {
      subject = await makeStore();
      store = subject.store;
      await store.transaction((tx) => tx.upsertDirectory(directory()));
    });
    afterEach(async () => {
      await subject.close();
    });

    const save = (incident: Incident, events: TimelineEvent[]) =>
      store.transaction((tx) => tx.saveIncident(incident, events));
    const load = (number: number) => store.transaction((tx) => tx.loadIncident(number));
    const timeline = (number: number) => store.transaction((tx) => tx.timeline(number));
    const open = async (number: number, siteId?: string) => {
      const incident = openedIncident(number, siteId);
      await save(incident, [openedEvent(incident)]);
      return incident;
    };

    it('round-trips the directory, including SLA, handles and optional fields', async () => {
      expect(await store.transaction((tx) => tx.loadDirectory())).toEqual(directory());
    });

    it('upserts the directory without deleting what the new file leaves out', async () => {
      const changed = directory();
      changed.people = [
        {
          ...changed.people[0]!,
          name: 'Dana R.',
          email: undefined,
          notify: undefined,
          handles: { slack: 'U0DANA2' },
        },
      ];
      changed.sites = [];
      await store.transaction((tx) => tx.upsertDirectory(changed));
      const loaded = await store.transaction((tx) => tx.loadDirectory());
      expect(loaded.people).toHaveLength(directory().people.length);
      expect(loaded.people[0]).toEqual({
        id: 'dana',
        name: 'Dana R.',
        organisationId: 'brightdesk',
        handles: { slack: 'U0DANA2' },
      });
      expect(loaded.sites).toEqual(directory().sites);
    });

    it('writes a directory larger than one statement can bind, and reads it back', async () => {
      const big = directory();
      // 10,000 people: more rows than one multi-row statement takes (PostgreSQL binds 65,535 values).
      const extra = Array.from({ length: 10_000 }, (_, i) => ({
        id: `person-${String(i).padStart(5, '0')}`,
        name: `Person ${i}`,
        organisationId: 'acme',
        handles: { slack: `U1${String(i).padStart(6, '0')}` },
      }));
      big.people = [...big.people, ...extra];
      await store.transaction((tx) => tx.upsertDirectory(big));
      const loaded = await store.transaction((tx) => tx.loadDirectory());
      expect(loaded.people).toHaveLength(big.people.length);
      expect(loaded.people.find((p) => p.id === 'person-09999')).toEqual(extra[9_999]);
    });

    it('refuses two people with one Slack handle', async () => {
      const clash = directory();
      clash.people[1]!.handles.slack = 'U0DANA';
      await expect(store.transaction((tx) => tx.upsertDirectory(clash))).rejects.toBeInstanceOf(
        ConflictError,
      );
    });

    it('saves and loads an incident with participants, steps and handoffs; Dates survive', async () => {
      const { incident, events } = workedIncident(1);
      await save(incident, events);
      const loaded = await load(1);
      expect(loaded).toEqual(incident);
      expect(loaded!.openedAt).toBeInstanceOf(Date);
      expect(loaded!.handoffs[0]!.answeredAt!.getTime()).toBe(at(7).getTime());
      expect(loaded!.steps[1]!.ownerSince).toEqual(at(7));
      expect(await load(99)).toBeNull();
      expect(await store.transaction((tx) => tx.findOpenIncident('wanderlust-web'))).toEqual(incident);
      expect(await store.transaction((tx) => tx.findOpenIncident('acme-shop'))).toBeNull();
    });

    it('replaces the projection on every save', async () => {
      const { incident, events } = workedIncident(1);
      await save(incident, events);
      const next = advance(
        incident,
        [{ type: 'step.done', at: at(20), actorId: 'dana', payload: { step: 1 } }],
        {
          participants: incident.participants.slice(0, 2),
          steps: [{ ...incident.steps[0]!, status: 'done' }],
          handoffs: [],
          rooms: { slack: 'C-new' },
          status: 'mitigated',
        },
      );
      await save(next.incident, next.events);
      expect(await load(1)).toEqual(next.incident);
    });

    it('drops the projection rows an incident lost, read and saved in one transaction', async () => {
      const { incident, events } = workedIncident(1);
      await save(incident, events);
      const next = advance(
        incident,
        [{ type: 'step.done', at: at(20), actorId: 'dana', payload: { step: 1 } }],
        {
          participants: incident.participants.slice(1),
          steps: [incident.steps[1]!],
          handoffs: incident.handoffs.slice(0, 1),
        },
      );
      await store.transaction(async (tx) => {
        expect(await tx.loadIncident(1)).toEqual(incident);
        await tx.saveIncident(next.incident, next.events);
        // Read back in the same transaction: the batch is sent first.
        expect(await tx.loadIncident(1)).toEqual(next.incident);
      });
      expect(await load(1)).toEqual(next.incident);
      expect(await timeline(1)).toEqual([...events, ...next.events]);
    });

    it('appends the timeline in sequence order, across saves', async () => {
      const { incident, events } = workedIncident(1);
      await save(incident, events);
      const more = advance(incident, [
        { type: 'update.posted', at: at(30), actorId: 'dana', payload: { text: 'We are on it.' } },
        {
          type: 'handoff.reminded',
          at: at(31),
          actorId: null,
          payload: { handoff: 2, step: 1, toId: 'kevin' },
        },
      ]);
      await save(more.incident, more.events);
      const stored = await timeline(1);
      expect(stored.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(stored).toEqual([...events, ...more.events]);
      expect(stored[9]!.actorId).toBeNull();
      expect(await timeline(2)).toEqual([]);
    });

    it('refuses a save from a stale version with ConflictError, writing nothing', async () => {
      const first = await open(1);
      const mine = advance(first, [
        { type: 'update.posted', at: at(5), actorId: 'dana', payload: { text: 'mine' } },
      ]);
      const theirs = advance(
        first,
        [{ type: 'update.posted', at: at(6), actorId: 'sam', payload: { text: 'theirs' } }],
        {
          title: 'Their title',
        },
      );
      await save(mine.incident, mine.events);
      const refused = save(theirs.incident, theirs.events);
      await expect(refused).rejects.toBeInstanceOf(ConflictError);
      await expect(refused).rejects.toThrow('INC-1 changed while you were typing; please try again.');
      expect(await load(1)).toEqual(mine.incident);
      expect((await timeline(1)).map((e) => e.payload)).toEqual([
        openedEvent(first).payload,
        { text: 'mine' },
      ]);
    });

    it('leaves the transaction usable after a refused save', async () => {
      const first = await open(1);
      const claimed = await store.transaction(async (tx) => {
        await expect(tx.saveIncident(first, [openedEvent(first)])).rejects.toBeInstanceOf(ConflictError);
        return tx.claimKey('after-conflict', at(1));
      });
      expect(claimed).toBe(true);
      expect(await timeline(1)).toHaveLength(1);
    });

    it('refuses an incident number that is taken', async () => {
      await open(1);
      await expect(open(1, 'acme-shop')).rejects.toBeInstanceOf(ConflictError);
    });

    it('refuses a second open incident for the same site', async () => {
      const first = await open(1);
      await expect(open(2)).rejects.toBeInstanceOf(ConflictError);
      const mitigated = advance(
        first,
        [{ type: 'update.posted', at: at(3), actorId: 'dana', payload: { text: 'better' } }],
        {
          status: 'mitigated',
        },
      );
      await save(mitigated.incident, mitigated.events);
      await expect(open(2)).rejects.toThrow(/already has an open incident/);
      expect(await load(2)).toBeNull();
      await open(2, 'acme-shop'); // another site is fine
    });

    it('frees the site once its incident is resolved', async () => {
      const first = await open(1);
      const resolved = resolve(first, 60);
      await save(resolved.incident, resolved.events);
      const second = await open(2);
      expect(await store.transaction((tx) => tx.findOpenIncident('wanderlust-web'))).toEqual(second);
      const reopened = advance(
        resolved.incident,
        [{ type: 'incident.reopened', at: at(90), actorId: 'maria', payload: { reason: 'down again' } }],
        { status: 'open', resolvedAt: undefined },
      );
      await expect(save(reopened.incident, reopened.events)).rejects.toBeInstanceOf(ConflictError);
    });

    describe('with concurrent writers, exactly one wins', () => {
      // Both transactions read, then wait for each other before writing, so on PostgreSQL they
      // really overlap. Stores that run one transaction at a time go on after a short wait.
      const race = async (writes: [Incident, TimelineEvent[]][]) => {
        const arrive = barrier(writes.length, 150);
        const results = await Promise.allSettled(
          writes.map(([incident, events]) =>
            store.transaction(async (tx) => {
              await tx.loadIncident(incident.number);
              await tx.findOpenIncident(incident.siteId);
              await arrive();
              await tx.saveIncident(incident, events);
              return incident;
            }),
          ),
        );
        const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
        const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(writes.length - 1);
        for (const reason of lost) expect(reason).toBeInstanceOf(ConflictError);
        return won[0]!;
      };

      it('saving from the same version', async () => {
        const first = await open(1);
        const a = advance(first, [
          { type: 'update.posted', at: at(5), actorId: 'dana', payload: { text: 'a' } },
        ]);
        const b = advance(first, [
          { type: 'update.posted', at: at(5), actorId: 'sam', payload: { text: 'b' } },
        ]);
        const winner = await race([
          [a.incident, a.events],
          [b.incident, b.events],
        ]);
        const stored = await timeline(1);
        expect(stored).toHaveLength(2);
        expect(stored[1]!.actorId).toBe(winner === a.incident ? 'dana' : 'sam');
      });

      it('opening the same site', async () => {
        const two = openedIncident(2, 'acme-shop');
        const three = openedIncident(3, 'acme-shop');
        const winner = await race([
          [two, [openedEvent(two)]],
          [three, [openedEvent(three)]],
        ]);
        expect(await store.transaction((tx) => tx.findOpenIncident('acme-shop'))).toEqual(winner);
        expect(await store.transaction((tx) => tx.listIncidents({}))).toHaveLength(1);
      });

      it('opening with the same number', async () => {
        const a = openedIncident(1, 'acme-shop');
        const b = openedIncident(1, 'wanderlust-web');
        const winner = await race([
          [a, [openedEvent(a)]],
          [b, [openedEvent(b)]],
        ]);
        expect(await load(1)).toEqual(winner);
        expect(await timeline(1)).toEqual([openedEvent(winner)]);
      });
    });

    it('keeps nothing of a transaction that throws', async () => {
      const boom = new Error('boom');
      const incident = openedIncident(1);
      const run = store.transaction(async (tx) => {
        await tx.saveIncident(incident, [openedEvent(incident)]);
        await tx.claimKey('slack:Ev1', at(0));
        await tx.upsertDirectory({
          organisations: [{ id: 'new-org', name: 'New', kind: 'client' }],
          people: [],
          sites: [],
        });
        throw boom;
      });
      await expect(run).rejects.toBe(boom);
      expect(await load(1)).toBeNull();
      expect(await timeline(1)).toEqual([]);
      expect(
        (await store.transaction((tx) => tx.loadDirectory())).organisations.map((o) => o.id),
      ).not.toContain('new-org');
      expect(await store.transaction((tx) => tx.claimKey('slack:Ev1', at(1)))).toBe(true);
    });

    it('returns what the transaction function returns', async () => {
      expect(await store.transaction(async () => 42)).toBe(42);
    });

    it('lists incidents by participant, site and status, newest first', async () => {
      const one = workedIncident(1); // wanderlust-web, sam participates
      await save(one.incident, one.events);
      const resolved = resolve(one.incident, 60);
      await save(resolved.incident, resolved.events);
      await open(2, 'acme-shop');
      await open(3, 'wanderlust-web');
      const numbers = async (filter: IncidentFilter) =>
        (await store.transaction((tx) => tx.listIncidents(filter))).map((i) => i.number);
      expect(await numbers({})).toEqual([3, 2, 1]);
      expect(await numbers({ participantId: 'sam' })).toEqual([1]);
      expect(await numbers({ participantId: 'maria' })).toEqual([3, 2, 1]);
      expect(await numbers({ siteIds: ['wanderlust-web'] })).toEqual([3, 1]);
      expect(await numbers({ statuses: ['open', 'mitigated'] })).toEqual([3, 2]);
      expect(await numbers({ statuses: ['resolved'], siteIds: ['wanderlust-web'] })).toEqual([1]);
      expect(await numbers({ siteIds: [] })).toEqual([]);
      const [listed] = await store.transaction((tx) => tx.listIncidents({ participantId: 'sam' }));
      expect(listed).toEqual(resolved.incident);
    });

    it('finds an incident by its room on a platform', async () => {
      const first = await open(1);
      const linked = advance(
        first,
        [{ type: 'room.linked', at: at(1), actorId: null, payload: { platform: 'slack', roomId: 'CINC' } }],
        { rooms: { slack: 'CINC' } },
      );
      await save(linked.incident, linked.events);
      await open(2, 'acme-shop');
      // The lookup every command and room message makes: the number alone, in a transaction
      // and outside one. The fixture gives incident n the rooms slack C<n> and discord 9<n>.
      const inTransaction = (platform: string, roomId: string) =>
        store.transaction((tx) => tx.incidentNumberForRoom(platform, roomId));
      expect(await inTransaction('slack', 'CINC')).toBe(1);
      expect(await inTransaction('slack', 'C2')).toBe(2);
      expect(await inTransaction('slack', 'C1')).toBeUndefined();
      expect(await inTransaction('discord', 'CINC')).toBeUndefined();
      const number = (platform: string, roomId: string) =>
        store.autocommit((tx) => tx.incidentNumberForRoom(platform, roomId));
      expect(await number('slack', 'CINC')).toBe(1);
      expect(await number('slack', 'C2')).toBe(2);
      expect(await number('discord', '92')).toBe(2);
      expect(await number('slack', 'C1')).toBeUndefined();
      expect(await number('discord', 'CINC')).toBeUndefined();
    });

    it('reads outside a transaction what the last commit left, and claims a key once there too', async () => {
      await open(1);
      expect((await store.autocommit((tx) => tx.loadIncident(1)))?.number).toBe(1);
      expect(await store.autocommit((tx) => tx.loadIncident(2))).toBeNull();
      expect(await store.autocommit((tx) => tx.claimKey('slack:cmd:1', at(0)))).toBe(true);
      expect(await store.autocommit((tx) => tx.claimKey('slack:cmd:1', at(1)))).toBe(false);
      expect(await store.transaction((tx) => tx.claimKey('slack:cmd:1', at(2)))).toBe(false);
    });

    it('numbers incidents from 1', async () => {
      expect(await store.transaction((tx) => tx.nextIncidentNumber())).toBe(1);
      await open(1);
      await open(2, 'acme-shop');
      expect(await store.transaction((tx) => tx.nextIncidentNumber())).toBe(3);
    });

    it('claims an idempotency key once', async () => {
      expect(await store.transaction((tx) => tx.claimKey('discord:123', at(0)))).toBe(true);
      expect(await store.transaction((tx) => tx.claimKey('discord:123', at(1)))).toBe(false);
      const both = await store.transaction(async (tx) => [
        await tx.claimKey('k2', at(0)),
        await tx.claimKey('k2', at(0)),
      ]);
      expect(both).toEqual([true, false]);
    });

    it('rejects events that do not continue the timeline', async () => {
      const incident = openedIncident(1);
      const wrongSeq = { ...openedEvent(incident), seq: 2 };
      await expect(save(incident, [wrongSeq])).rejects.toBeInstanceOf(ValidationError);
      expect(await load(1)).toBeNull();
    });

    it('rejects an incident for a site that is not in the directory', async () => {
      await expect(open(1, 'no-such-site')).rejects.toBeInstanceOf(ValidationError);
    });

    describe('deadlines', () => {
      const pending = (key: string, minute: number, extra: Partial<StoredDeadline> = {}): StoredDeadline => ({
        key,
        kind: 'handoff.remind',
        at: at(minute),
        incidentNumber: 1,
        handoffNumber: 1,
        status: 'pending',
        ...extra,
      });
      const tx = <T>(fn: (tx: StoreTx) => Promise<T>) => store.transaction(fn);

      it('saves, replaces by key and lists pending ones by time, then key', async () => {
        await tx((t) =>
          t.saveDeadlines([
            pending('b', 20),
            pending('a', 20),
            pending('c', 5, { kind: 'update.remind', handoffNumber: undefined }),
            { key: 'backup', kind: 'backup', at: at(60), status: 'pending' },
          ]),
        );
        await tx((t) => t.saveDeadlines([pending('b', 30)])); // re-armed
        const keys = async (filter: DeadlineFilter) =>
          (await tx((t) => t.listDeadlines(filter))).map((d) => d.key);
        expect(await keys({ status: 'pending' })).toEqual(['c', 'a', 'b', 'backup']);
        expect(await keys({ status: 'pending', dueBy: at(20) })).toEqual(['c', 'a']);
        expect(await keys({ status: 'pending', limit: 1 })).toEqual(['c']);
        expect(await tx((t) => t.loadDeadline('b'))).toEqual(pending('b', 30));
        expect(await tx((t) => t.loadDeadline('c'))).toEqual({
          key: 'c',
          kind: 'update.remind',
          at: at(5),
          incidentNumber: 1,
          status: 'pending',
        });
        expect(await tx((t) => t.loadDeadline('backup'))).toEqual({
          key: 'backup',
          kind: 'backup',
          at: at(60),
          status: 'pending',
        });
        expect(await tx((t) => t.loadDeadline('nope'))).toBeNull();
      });

      it('fires a pending deadline once, and only at the time it is armed for', async () => {
        await tx((t) => t.saveDeadlines([pending('a', 10)]));
        expect(await tx((t) => t.markDeadlineFired('a', at(9), at(11)))).toBe(false);
        expect(await tx((t) => t.markDeadlineFired('a', at(10), at(11)))).toBe(true);
        expect(await tx((t) => t.markDeadlineFired('a', at(10), at(12)))).toBe(false);
        expect(await tx((t) => t.markDeadlineFired('nope', at(10), at(12)))).toBe(false);
        expect(await tx((t) => t.loadDeadline('a'))).toEqual({
          ...pending('a', 10),
          status: 'fired',
          settledAt: at(11),
        });
        expect(await tx((t) => t.listDeadlines({ status: 'pending' }))).toEqual([]);
        expect(await tx((t) => t.listDeadlines({ status: 'fired' }))).toHaveLength(1);
      });

      it('cancels pending deadlines and returns them; settled and unknown keys are ignored', async () => {
        await tx((t) => t.saveDeadlines([pending('a', 10), pending('b', 20), pending('c', 30)]));
        await tx((t) => t.markDeadlineFired('b', at(20), at(20)));
        const cancelled = await tx((t) => t.cancelDeadlines(['a', 'b', 'zzz'], at(15)));
        expect(cancelled).toEqual([{ ...pending('a', 10), status: 'cancelled', settledAt: at(15) }]);
        expect((await tx((t) => t.loadDeadline('b')))?.status).toBe('fired');
        expect(await tx((t) => t.cancelDeadlines([], at(15)))).toEqual([]);
        expect((await tx((t) => t.listDeadlines({ status: 'pending' }))).map((d) => d.key)).toEqual(['c']);
      });

      it('writes deadlines in the transaction: a throw keeps none of them', async () => {
        const boom = new Error('boom');
        await expect(
          tx(async (t) => {
            await t.saveDeadlines([pending('a', 10)]);
            throw boom;
          }),
        ).rejects.toBe(boom);
        expect(await tx((t) => t.listDeadlines({}))).toEqual([]);
      });

      it('of two transactions firing the same deadline, one wins', async () => {
        await tx((t) => t.saveDeadlines([pending('a', 10)]));
        const arrive = barrier(2, 150);
        const fired = await Promise.all(
          [1, 2].map(() =>
            tx(async (t) => {
              await t.loadDeadline('a');
              await arrive();
              return t.markDeadlineFired('a', at(10), at(11));
            }),
          ),
        );
        expect(fired.filter(Boolean)).toHaveLength(1);
      });

      it('lists processed keys and wipes everything', async () => {
        const { incident, events } = workedIncident(1);
        await save(incident, events);
        await tx((t) => t.claimKey('k2', at(2)));
        await tx((t) => t.claimKey('k1', at(1)));
        await tx((t) => t.saveDeadlines([pending('a', 10)]));
        expect(await tx((t) => t.listProcessedKeys())).toEqual([
          { key: 'k1', processedAt: at(1) },
          { key: 'k2', processedAt: at(2) },
        ]);
        await tx((t) => t.wipe());
        expect(await load(1)).toBeNull();
        expect(await timeline(1)).toEqual([]);
        expect(await tx((t) => t.listDeadlines({}))).toEqual([]);
        expect(await tx((t) => t.listProcessedKeys())).toEqual([]);
        expect(await tx((t) => t.loadDirectory())).toEqual({ organisations: [], people: [], sites: [] });
      });
    });

    describe('platform references', () => {
      const tx = <T>(fn: (tx: StoreTx) => Promise<T>) => store.transaction(fn);

      it('stores one value per platform and key, replaced by save and kept by insert', async () => {
        const status = { channel: 'C1', ts: '1.000100' };
        await tx((t) => t.savePlatformRef('slack', 'status:1', status, at(1)));
        expect(await tx((t) => t.loadPlatformRef('slack', 'status:1'))).toEqual(status);
        expect(await tx((t) => t.loadPlatformRef('discord', 'status:1'))).toBeNull();
        expect(await tx((t) => t.insertPlatformRef('slack', 'status:1', { channel: 'C2' }, at(2)))).toBe(
          false,
        );
        expect(await tx((t) => t.loadPlatformRef('slack', 'status:1'))).toEqual(status);
        expect(await tx((t) => t.insertPlatformRef('discord', 'status:1', { message: 'M' }, at(2)))).toBe(
          true,
        );
        await tx((t) => t.savePlatformRef('slack', 'status:1', { channel: 'C1', ts: '2.0' }, at(3)));
        expect(await tx((t) => t.loadPlatformRef('slack', 'status:1'))).toEqual({ channel: 'C1', ts: '2.0' });
        await tx((t) => t.deletePlatformRef('slack', 'status:1'));
        await tx((t) => t.deletePlatformRef('slack', 'never-stored'));
        expect(await tx((t) => t.loadPlatformRef('slack', 'status:1'))).toBeNull();
        expect(await tx((t) => t.loadPlatformRef('discord', 'status:1'))).toEqual({ message: 'M' });
      });

      it('leases a key: taken when free or run out, refused while fresh, taken again once given back', async () => {
        const lease = (value: PlatformRefValue, minute: number, staleBefore: number) =>
          tx((t) => t.leasePlatformRef('slack', 'lease:room:1', value, at(minute), at(staleBefore)));
        expect(await lease({ by: 'a' }, 10, 5)).toBe(true);
        // Written at minute 10: fresh for anyone whose lease time reaches back to 10 or before.
        expect(await lease({ by: 'b' }, 11, 10)).toBe(false);
        expect(await lease({ by: 'b' }, 11, 6)).toBe(false);
        expect(await tx((t) => t.loadPlatformRef('slack', 'lease:room:1'))).toEqual({ by: 'a' });
        // Run out (written before staleBefore): taken over, and its time is the new holder's.
        expect(await lease({ by: 'b' }, 20, 11)).toBe(true);
        expect(await tx((t) => t.loadPlatformRef('slack', 'lease:room:1'))).toEqual({ by: 'b' });
        expect(await lease({ by: 'c' }, 21, 15)).toBe(false);
        // Another platform's key of the same name is its own.
        expect(await tx((t) => t.leasePlatformRef('discord', 'lease:room:1', {}, at(21), at(15)))).toBe(true);
        await tx((t) => t.deletePlatformRef('slack', 'lease:room:1'));
        expect(await lease({ by: 'c' }, 22, 15)).toBe(true);
      });

      it('writes references in the transaction: a throw keeps none, and wipe removes them', async () => {
        await expect(
          tx(async (t) => {
            await t.savePlatformRef('slack', 'status:9', { channel: 'C9' }, at(1));
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await tx((t) => t.loadPlatformRef('slack', 'status:9'))).toBeNull();
        await tx((t) => t.savePlatformRef('slack', 'status:9', { channel: 'C9' }, at(1)));
        await tx((t) => t.wipe());
        expect(await tx((t) => t.loadPlatformRef('slack', 'status:9'))).toBeNull();
      });
    });

    describe('outbox', () => {
      const tx = <T>(fn: (tx: StoreTx) => Promise<T>) => store.transaction(fn);
      const entry = (id: string, minute: number, extra: Partial<OutboxEntry> = {}): OutboxEntry => ({
        id,
        platform: 'slack',
        incidentNumber: 1,
        effect: {
          kind: 'notify',
          notification: {
            personId: 'sam',
            personName: 'Sam',
            incidentNumber: 1,
            text: 'Sam, Dana wants to hand you step 1',
            handoff: { incidentNumber: 1, number: 2 },
          },
        },
        reportFailure: true,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: at(minute),
        createdAt: at(minute),
        ...extra,
      });

      it('saves entries once by id and lists them by next attempt, then id', async () => {
        const changed = entry('1:3:discord:0', 5, {
          platform: 'discord',
          effect: { kind: 'incidentChanged' },
        });
        await tx((t) => t.saveOutbox([entry('1:2:slack:1', 10), entry('1:2:slack:0', 10), changed]));
        await tx((t) => t.saveOutbox([entry('1:2:slack:0', 30, { platform: 'console' })])); // written again
        const ids = async (filter: Parameters<StoreTx['listOutbox']>[0]) =>
          (await tx((t) => t.listOutbox(filter))).map((e) => e.id);
        expect(await ids({ status: 'pending' })).toEqual(['1:3:discord:0', '1:2:slack:0', '1:2:slack:1']);
        expect(await ids({ dueBy: at(5) })).toEqual(['1:3:discord:0']);
        expect(await ids({ limit: 2 })).toEqual(['1:3:discord:0', '1:2:slack:0']);
        expect(await tx((t) => t.loadOutbox('1:2:slack:0'))).toEqual(entry('1:2:slack:0', 10));
        expect(await tx((t) => t.loadOutbox('1:3:discord:0'))).toEqual(changed);
        expect(await tx((t) => t.loadOutbox('nope'))).toBeNull();
      });

      it('claims a due pending entry for one attempt, then not again until its lease ends', async () => {
        await tx((t) => t.saveOutbox([entry('a', 10)]));
        expect(await tx((t) => t.claimOutbox('a', at(9), at(20)))).toBeNull(); // not due yet
        expect(await tx((t) => t.claimOutbox('a', at(10), at(20)))).toEqual({
          ...entry('a', 10),
          attempts: 1,
          nextAttemptAt: at(20),
        });
        expect(await tx((t) => t.claimOutbox('a', at(15), at(25)))).toBeNull(); // leased
        expect((await tx((t) => t.claimOutbox('a', at(20), at(30))))?.attempts).toBe(2); // lease lapsed
        expect(await tx((t) => t.claimOutbox('nope', at(20), at(30)))).toBeNull();
      });

      it('settles a pending entry once, and schedules retries with their reason', async () => {
        await tx((t) => t.saveOutbox([entry('a', 10), entry('b', 10)]));
        expect(await tx((t) => t.retryOutbox('a', at(12), 'Slack answered 500'))).toBe(true);
        expect(await tx((t) => t.loadOutbox('a'))).toEqual({
          ...entry('a', 10),
          nextAttemptAt: at(12),
          lastError: 'Slack answered 500',
        });
        expect(await tx((t) => t.settleOutbox('a', 'sent', at(13)))).toBe(true);
        expect(await tx((t) => t.settleOutbox('a', 'failed', at(14), 'late'))).toBe(false);
        expect(await tx((t) => t.retryOutbox('a', at(15), 'late'))).toBe(false);
        expect(await tx((t) => t.claimOutbox('a', at(20), at(30)))).toBeNull();
        expect(await tx((t) => t.settleOutbox('b', 'failed', at(11), 'not in the server'))).toBe(true);
        expect(await tx((t) => t.loadOutbox('a'))).toMatchObject({ status: 'sent', settledAt: at(13) });
        expect(await tx((t) => t.loadOutbox('b'))).toMatchObject({
          status: 'failed',
          settledAt: at(11),
          lastError: 'not in the server',
        });
        expect(await tx((t) => t.listOutbox({ status: 'pending' }))).toEqual([]);
      });

      it('renews the lease of the attempt in progress only, while it is pending', async () => {
        await tx((t) => t.saveOutbox([entry('a', 10)]));
        await tx((t) => t.claimOutbox('a', at(10), at(11)));
        expect(await tx((t) => t.renewOutboxLease('a', 1, at(12)))).toBe(true);
        expect(await tx((t) => t.claimOutbox('a', at(11), at(21)))).toBeNull(); // still held
        expect((await tx((t) => t.loadOutbox('a')))?.nextAttemptAt).toEqual(at(12));
        // The lease lapsed and another worker took attempt 2: attempt 1 cannot take it back.
        expect((await tx((t) => t.claimOutbox('a', at(12), at(22))))?.attempts).toBe(2);
        expect(await tx((t) => t.renewOutboxLease('a', 1, at(40)))).toBe(false);
        expect((await tx((t) => t.loadOutbox('a')))?.nextAttemptAt).toEqual(at(22));
        await tx((t) => t.settleOutbox('a', 'sent', at(13)));
        expect(await tx((t) => t.renewOutboxLease('a', 2, at(40)))).toBe(false);
        expect(await tx((t) => t.renewOutboxLease('nope', 0, at(40)))).toBe(false);
      });

      it('prunes settled entries older than the cut-off, never pending ones', async () => {
        await tx((t) =>
          t.saveOutbox([
            entry('sent-old', 1),
            entry('failed-old', 1),
            entry('sent-new', 1),
            entry('pending', 1),
          ]),
        );
        await tx((t) => t.settleOutbox('sent-old', 'sent', at(2)));
        await tx((t) => t.settleOutbox('failed-old', 'failed', at(3), 'not in the server'));
        await tx((t) => t.settleOutbox('sent-new', 'sent', at(10)));
        expect(await tx((t) => t.pruneOutbox(at(10)))).toBe(2);
        expect((await tx((t) => t.listOutbox({}))).map((e) => e.id)).toEqual(['pending', 'sent-new']);
        expect(await tx((t) => t.pruneOutbox(at(10)))).toBe(0);
      });

      it('writes entries in the transaction: a throw keeps none of them', async () => {
        const boom = new Error('boom');
        await expect(
          tx(async (t) => {
            await t.saveOutbox([entry('a', 10)]);
            throw boom;
          }),
        ).rejects.toBe(boom);
        expect(await tx((t) => t.listOutbox({}))).toEqual([]);
      });

      it('of two transactions claiming the same entry, one wins', async () => {
        await tx((t) => t.saveOutbox([entry('a', 10)]));
        const arrive = barrier(2, 150);
        const claimed = await Promise.all(
          [1, 2].map(() =>
            tx(async (t) => {
              await t.loadOutbox('a');
              await arrive();
              return t.claimOutbox('a', at(10), at(20));
            }),
          ),
        );
        expect(claimed.filter((c) => c !== null)).toHaveLength(1);
      });

      it('is wiped with everything else', async () => {
        await tx((t) => t.saveOutbox([entry('a', 10)]));
        await tx((t) => t.wipe());
        expect(await tx((t) => t.listOutbox({}))).toEqual([]);
      });
    });
  });
}
