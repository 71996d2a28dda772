/**
 * Replays must not outlive the dedupe memory. Timestamp tolerance and dedupe window have
 * independent ranges: with a tolerance of 86,400 s and a window of 0.1 h a byte-identical captured
 * MeetBit delivery started new executions 7 minutes and 23 hours later. Now a key is remembered for
 * at least past plus future tolerance, and when Dedupe Memory Size evicts a key still inside that
 * span, n8n's log says so and names the option.
 */
import type { INodeType } from 'n8n-workflow';

import { MeetBitTrigger } from '../../nodes/MeetBit/MeetBitTrigger.node';
import { claimWindowSeconds } from '../../nodes/shared/dedupe/rules';
import { FakeN8n } from '../helpers/fakeN8n';
import { meetBitDelivery, meetBitNode } from '../helpers/meetbit';

const signingKey = 'k'.repeat(32);
let counter = 0;

function meetBit(options: Record<string, number>, trigger: INodeType = new MeetBitTrigger()) {
	counter += 1;
	return new FakeN8n(
		trigger,
		meetBitNode({ options }),
		{ meetingWebhooksMeetBitWebhookApi: { secret: signingKey } },
		`wf-replay-${counter}`,
	);
}

/** The trigger class from a fresh module registry: a restarted n8n, its in-process guard empty. */
function restartedTrigger(): INodeType {
	let Trigger: new () => INodeType = MeetBitTrigger;
	jest.isolateModules(() => {
		Trigger = jest.requireActual<{ MeetBitTrigger: new () => INodeType }>(
			'../../nodes/MeetBit/MeetBitTrigger.node',
		).MeetBitTrigger;
	});
	return new Trigger();
}

afterEach(() => jest.useRealTimers());

describe('a replay the timestamp check lets through stays a duplicate', () => {
	it('tolerance 86,400 s, window 0.1 h: a captured delivery replayed 7 minutes and 23 hours later is a duplicate, also after a restart', async () => {
		const start = Date.UTC(2026, 5, 1, 12);
		jest.useFakeTimers({ now: start, doNotFake: ['nextTick', 'setImmediate'] });
		const options = { timestampToleranceSeconds: 86_400, dedupeWindowHours: 0.1 };
		const n8n = meetBit(options);
		const captured = meetBitDelivery({ signingKey, id: 'captured', nowMs: start });
		expect((await n8n.receive(captured)).execution).toHaveLength(1);

		jest.setSystemTime(start + 7 * 60_000);
		const sevenMinutes = await n8n.receive(captured);
		expect(sevenMinutes.execution).toBeUndefined();
		expect(sevenMinutes.body).toMatchObject({ reason: 'duplicate' });

		// A restarted n8n knows only the stored ledger.
		const restarted = meetBit(options, restartedTrigger());
		restarted.storedStaticData = n8n.storedStaticData;
		jest.setSystemTime(start + 23 * 3600_000);
		const day = await restarted.receive(captured);
		expect(day.execution).toBeUndefined();
		expect(day.body).toMatchObject({ reason: 'duplicate' });

		// Past the tolerance the timestamp check refuses it.
		jest.setSystemTime(start + 86_401_000);
		expect((await restarted.receive(captured)).body).toMatchObject({
			error: { code: 'timestamp_too_old' },
		});
	});

	it('a copy stamped up to the tolerance ahead is remembered until it is that far behind', () => {
		expect(claimWindowSeconds({ triggerSeconds: 360, toleranceSeconds: 86_400 })).toBe(172_800);
		expect(claimWindowSeconds({ triggerSeconds: 86_400, toleranceSeconds: 300 })).toBe(86_400);
		// Without a timestamp check (MeetGeek, meetergo) the window is the trigger's own.
		expect(claimWindowSeconds({ triggerSeconds: 360 })).toBe(360);
		// A key window of 0 is "not deduplicated" whatever the tolerance.
		expect(claimWindowSeconds({ triggerSeconds: 360, keySeconds: 0, toleranceSeconds: 300 })).toBe(
			0,
		);
	});

	it('Dedupe Memory Size evicting keys still inside the tolerance: n8n logs a warning naming the option', async () => {
		const start = Date.UTC(2026, 5, 1, 12);
		jest.useFakeTimers({ now: start, doNotFake: ['nextTick', 'setImmediate'] });
		const n8n = meetBit({ dedupeMaxEntries: 100 });
		for (let index = 0; index <= 100; index++) {
			jest.setSystemTime(start + index * 1000);
			await n8n.receive(meetBitDelivery({ signingKey, id: `burst-${index}` }));
		}
		const warnings = n8n.logged.filter(([level]) => level === 'warn').map(([, text]) => text);
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toContain('Dedupe Memory Size');
		expect(warnings[0]).toContain('MeetBit Trigger');
	});

	it('no warning when the keys the size bound evicts are older than past plus future tolerance', async () => {
		const start = Date.UTC(2026, 5, 1, 12);
		jest.useFakeTimers({ now: start, doNotFake: ['nextTick', 'setImmediate'] });
		const n8n = meetBit({ dedupeMaxEntries: 100, timestampToleranceSeconds: 300 });
		for (let index = 0; index < 100; index++)
			await n8n.receive(meetBitDelivery({ signingKey, id: `old-${index}` }));
		jest.setSystemTime(start + 601_000);
		for (let index = 0; index < 20; index++)
			await n8n.receive(meetBitDelivery({ signingKey, id: `new-${index}` }));
		expect(n8n.logged.filter(([level]) => level === 'warn')).toEqual([]);
	});
});
