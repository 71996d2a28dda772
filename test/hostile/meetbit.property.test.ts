/**
 * Hostile input against the MeetBit Trigger, through its real webhook() and execute() (FakeN8n).
 *
 * What MeetBit signs, and so what "byte-identical in everything signed" means here: the raw body
 * bytes, and the values of X-Webhook-Id and X-Webhook-Timestamp — each compared on its own, not
 * only as the concatenation `id.timestamp.body`. Header values are taken as HTTP defines them,
 * without surrounding white space (see `singleValue`). Not signed, so free to vary: the
 * signature's spelling (hex case, surrounding white space: it is compared as the digest it
 * encodes), header-name case, header order, other headers, the query string. The key is "the
 * same" when HMAC makes the same key block of it (`sameHmacKey`).
 */
import fc from 'fast-check';
import type { INode } from 'n8n-workflow';

import { processDelivery, type DeliveryPolicy } from '../../nodes/core/delivery';
import { MeetBitTrigger } from '../../nodes/MeetBit/MeetBitTrigger.node';
import { meetBitProfile } from '../../nodes/MeetBit/profile';
import { FakeN8n } from '../helpers/fakeN8n';
import { meetBitNode } from '../helpers/meetbit';
import {
	applyBodyMutation,
	applyHeaderMutation,
	applySecretMutation,
	applySignatureMutation,
	bodyMutation,
	checkAnswer,
	checkRotation,
	cloneHttp,
	configuredSecret,
	effectiveHeaders,
	hexSignature,
	headerMutation,
	receiveSafely,
	secretMutation,
	secretPair,
	signatureMutation,
	singleValue,
	Tally,
	type BodyMutation,
	type HeaderMutation,
	type Http,
	type Key,
	type SignatureMutation,
} from './arbitraries';
import { RUNS, runs } from './budget';

const ID = 'x-webhook-id';
const TIMESTAMP = 'x-webhook-timestamp';
const SIGNATURE = 'x-webhook-signature';
const TOLERANCE_SECONDS = 300;

const tally = new Tally();
let workflowCounter = 0;

function trigger(
	secrets: { secret: string; previousSecret?: string },
	options: INode['parameters'] = {},
): FakeN8n {
	workflowCounter += 1;
	return new FakeN8n(
		new MeetBitTrigger(),
		meetBitNode({ options: { dedupeMaxEntries: 100, ...options } }),
		{ meetingWebhooksMeetBitWebhookApi: { previousSecret: '', ...secrets } },
		`wf-meetbit-hostile-${workflowCounter}`,
	);
}

// ---------------------------------------------------------------------------------------------
// Genuine deliveries, as MeetBit builds them

const EVENTS = [
	'meeting_links.scheduled',
	'events.created',
	'events.updated',
	'events.deleted',
	'events.rescheduled',
	'events.reassigned',
];

interface Base {
	id: string;
	event: string;
	recordId: number;
	name: string;
	indent: number;
	timestampForm: 'iso' | 'iso-ms' | 'unix' | 'unix-ms';
}

const base: fc.Arbitrary<Base> = fc.record({
	id: fc.oneof(fc.uuid(), fc.stringMatching(/^[A-Za-z0-9._~-]{1,60}$/)),
	event: fc.constantFrom(...EVENTS),
	recordId: fc.integer({ min: 1, max: 2 ** 31 }),
	name: fc.string({ unit: 'grapheme', maxLength: 30 }),
	indent: fc.constantFrom(0, 0, 2),
	timestampForm: fc.constantFrom(
		'iso' as const,
		'iso-ms' as const,
		'unix' as const,
		'unix-ms' as const,
	),
});

function bodyOf(delivery: Base, extra: Record<string, unknown> = {}): Buffer {
	const data =
		delivery.event === 'meeting_links.scheduled'
			? {
					id: delivery.recordId,
					event_id: 5678,
					calendar_id: 42,
					name: delivery.name,
					email: 'jane@example.com',
					...extra,
				}
			: { id: delivery.recordId, calendar_id: 42, ...extra };
	return Buffer.from(
		JSON.stringify({ event: delivery.event, data }, null, delivery.indent),
		'utf8',
	);
}

function timestampOf(form: Base['timestampForm'], nowMs: number): string {
	switch (form) {
		case 'iso':
			return new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
		case 'iso-ms':
			return new Date(nowMs).toISOString();
		case 'unix':
			return String(Math.floor(nowMs / 1000));
		case 'unix-ms':
			return String(nowMs);
	}
}

interface Signed {
	http: Http;
	id: string;
	timestamp: string;
	body: Buffer;
	key: Key;
}

function sign(id: string, timestamp: string, body: Buffer, key: Key): Signed {
	const signature = hexSignature(key, [`${id}.${timestamp}.`, body]);
	return {
		http: {
			rawBody: body,
			headers: {
				'content-type': 'application/json',
				[ID]: id,
				[TIMESTAMP]: timestamp,
				[SIGNATURE]: signature,
			},
		},
		id,
		timestamp,
		body,
		key,
	};
}

function genuine(delivery: Base, key: Key, nowMs = Date.now()): Signed {
	return sign(delivery.id, timestampOf(delivery.timestampForm, nowMs), bodyOf(delivery), key);
}

/** Everything MeetBit signs, as the trigger would read it from this request, equals the original. */
function sameSignedContent(http: Http, original: Signed): boolean {
	const headers = effectiveHeaders(http.headers);
	return (
		singleValue(headers, ID) === original.id &&
		singleValue(headers, TIMESTAMP) === original.timestamp &&
		http.rawBody.equals(original.body)
	);
}

// ---------------------------------------------------------------------------------------------
// Mutations of a signed delivery, none of them re-signed

type Mutation =
	| { target: 'header'; mutation: HeaderMutation }
	| { target: 'signature'; mutation: SignatureMutation }
	| { target: 'body'; mutation: BodyMutation }
	| { target: 'timestamp'; value: string }
	| { target: 'id'; value: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
	{
		arbitrary: headerMutation([ID, TIMESTAMP, SIGNATURE, 'content-type']).map((m) => ({
			target: 'header' as const,
			mutation: m,
		})),
		weight: 4,
	},
	{
		arbitrary: signatureMutation.map((m) => ({ target: 'signature' as const, mutation: m })),
		weight: 3,
	},
	{ arbitrary: bodyMutation.map((m) => ({ target: 'body' as const, mutation: m })), weight: 3 },
	{
		arbitrary: fc
			.oneof(
				fc
					.integer({ min: -1e11, max: 1e11 })
					.map((offset) => String(Math.floor(Date.now() / 1000) + offset)),
				fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
				fc.string({ unit: 'grapheme', maxLength: 30 }),
			)
			.map((value) => ({ target: 'timestamp' as const, value })),
		weight: 1,
	},
	{
		arbitrary: fc
			.oneof(fc.uuid(), fc.string({ maxLength: 40 }))
			.map((value) => ({ target: 'id' as const, value })),
		weight: 1,
	},
);

function applyMutation(signed: Signed, http: Http, change: Mutation): void {
	switch (change.target) {
		case 'header':
			applyHeaderMutation(http, change.mutation);
			return;
		case 'signature': {
			const value = http.headers[SIGNATURE];
			const signature =
				typeof value === 'string' ? value : Array.isArray(value) ? (value[0] ?? '') : '';
			http.headers[SIGNATURE] = applySignatureMutation(signature, change.mutation, {
				key: signed.key,
				parts: [`${signed.id}.${signed.timestamp}.`, signed.body],
			});
			return;
		}
		case 'body':
			http.rawBody = applyBodyMutation(http.rawBody, change.mutation);
			return;
		case 'timestamp':
			http.headers[TIMESTAMP] = change.value;
			return;
		case 'id':
			http.headers[ID] = change.value;
			return;
	}
}

describe('MeetBit Trigger under hostile input', () => {
	afterAll(() => {
		for (const [property, planned] of Object.entries(RUNS.meetBit)) {
			expect(`${property}: ${tally.runs(property)}`).toBe(`${property}: ${runs(planned)}`);
		}
	});

	it('never accepts a mutated delivery unless everything signed is byte-identical; every refusal is a 401 that says why', async () => {
		await fc.assert(
			fc.asyncProperty(
				base,
				secretPair,
				fc.array(mutation, { minLength: 1, maxLength: 3 }),
				async (delivery, secrets, mutations) => {
					const signed = genuine(delivery, secrets.secret);
					const http = cloneHttp(signed.http);
					for (const change of mutations) applyMutation(signed, http, change);
					const n8n = trigger(secrets);
					const result = await receiveSafely(
						() => n8n.receive(http),
						() => ({ delivery, mutations }),
					);
					const answer = checkAnswer(result, {
						provider: 'MeetBit',
						secrets: [secrets.secret, secrets.previousSecret],
						emptyAcknowledgement: false,
						receivedSignature: singleValue(effectiveHeaders(http.headers), SIGNATURE),
					});
					const identical = sameSignedContent(http, signed);
					tally.add(
						'mutated',
						answer.accepted
							? identical
								? 'accepted-identical'
								: 'FORGERY'
							: `rejected-${answer.code}`,
					);
					if (answer.accepted && !identical)
						throw new Error(`forgery accepted: ${JSON.stringify({ delivery, mutations })}`);
					// Nothing unauthenticated reaches the body checks: a refusal of a changed delivery is a 401.
					if (!answer.accepted && result.status !== 401)
						throw new Error(`refused with ${result.status}, not 401: ${answer.code}`);
				},
			),
			{ numRuns: runs(RUNS.meetBit.mutated) },
		);
		// Not vacuous: some mutations keep everything signed (hex case, white space) and pass.
		expect(tally.counts['mutated:accepted-identical'] ?? 0).toBeGreaterThan(0);
		expect(tally.counts['mutated:FORGERY']).toBeUndefined();
	}, 600_000);

	it('never accepts a re-split of the signed string `id.timestamp.body` (its parts have no length prefix)', async () => {
		// A genuine delivery whose id and body contain dots, and whose body carries a current unix
		// time between dots: the message can be cut at other dots into another id, a valid
		// timestamp and another body, all under the same signature.
		const dotted = fc.record({
			delivery: base,
			idParts: fc.array(fc.stringMatching(/^[A-Za-z0-9-]{1,8}$/), { minLength: 1, maxLength: 3 }),
			note: fc.array(
				fc.constantFrom(
					'a',
					'v1',
					'{',
					'}',
					'"',
					':',
					',',
					' ',
					'event',
					'data',
					'[',
					']',
					'{"event":"x","data":{}}',
				),
				{ maxLength: 6 },
			),
			choice: fc.nat(),
		});
		await fc.assert(
			fc.asyncProperty(
				dotted,
				configuredSecret,
				async ({ delivery, idParts, note, choice }, secret) => {
					const nowSeconds = Math.floor(Date.now() / 1000);
					const id = [...idParts, String(nowSeconds)].join('.');
					const body = bodyOf(delivery, { note: `x.${nowSeconds}.${note.join('')}` });
					const signed = sign(id, timestampOf('unix', Date.now()), body, secret);
					const message = Buffer.concat([
						Buffer.from(`${signed.id}.${signed.timestamp}.`),
						signed.body,
					]).toString('utf8');
					const dots = [...message.matchAll(/\./g)].map((match) => match.index);
					const originalCut = [signed.id.length, signed.id.length + 1 + signed.timestamp.length];
					const cuts: Array<[number, number]> = [];
					for (let i = 0; i < dots.length; i++) {
						for (let j = i + 1; j < dots.length; j++) {
							if (dots[i] !== originalCut[0] || dots[j] !== originalCut[1])
								cuts.push([dots[i], dots[j]]);
						}
					}
					const [first, second] = cuts[choice % cuts.length];
					const http = cloneHttp(signed.http);
					http.headers[ID] = message.slice(0, first);
					http.headers[TIMESTAMP] = message.slice(first + 1, second);
					http.rawBody = Buffer.from(message.slice(second + 1), 'utf8');
					const n8n = trigger({ secret });
					const result = await receiveSafely(
						() => n8n.receive(http),
						() => ({ id, body: body.toString(), first, second }),
					);
					const answer = checkAnswer(result, {
						provider: 'MeetBit',
						secrets: [secret],
						emptyAcknowledgement: false,
					});
					const identical = sameSignedContent(http, signed);
					tally.add(
						'resplit',
						answer.accepted
							? identical
								? 'accepted-identical'
								: 'FORGERY'
							: `rejected-${answer.code}`,
					);
					if (answer.accepted && !identical)
						throw new Error(
							`re-split accepted: ${JSON.stringify(http.headers)} ${http.rawBody.toString()}`,
						);
				},
			),
			{ numRuns: runs(RUNS.meetBit.resplit) },
		);
		expect(tally.counts['resplit:FORGERY']).toBeUndefined();
	}, 600_000);

	it('with "Accept Re-Serialized Body Signatures" on, accepts only bodies whose compact JSON is what was signed', async () => {
		await fc.assert(
			fc.asyncProperty(
				base,
				configuredSecret,
				fc.array(mutation, { minLength: 1, maxLength: 3 }),
				async (delivery, secret, mutations) => {
					const signed = genuine({ ...delivery, indent: 0 }, secret);
					const http = cloneHttp(signed.http);
					for (const change of mutations) applyMutation(signed, http, change);
					const n8n = trigger({ secret }, { acceptCompactBody: true });
					const result = await receiveSafely(
						() => n8n.receive(http),
						() => ({ delivery, mutations }),
					);
					const answer = checkAnswer(result, {
						provider: 'MeetBit',
						secrets: [secret],
						emptyAcknowledgement: false,
					});
					const headers = effectiveHeaders(http.headers);
					const headersSame =
						singleValue(headers, ID) === signed.id &&
						singleValue(headers, TIMESTAMP) === signed.timestamp;
					const bodySame =
						http.rawBody.equals(signed.body) ||
						compact(http.rawBody) === signed.body.toString('utf8');
					const identical = headersSame && bodySame;
					tally.add(
						'compactOption',
						answer.accepted
							? identical
								? 'accepted-identical'
								: 'FORGERY'
							: `rejected-${answer.code}`,
					);
					if (answer.accepted && !identical)
						throw new Error(`forgery accepted: ${JSON.stringify({ delivery, mutations })}`);
				},
			),
			{ numRuns: runs(RUNS.meetBit.compactOption) },
		);
		expect(tally.counts['compactOption:FORGERY']).toBeUndefined();
	}, 600_000);

	it('applies the replay window to every timestamp form: inside accepted, outside or garbage refused with a timestamp code', async () => {
		await fc.assert(
			fc.asyncProperty(base, configuredSecret, timestampCase, async (delivery, secret, stamp) => {
				const nowMs = Date.now();
				const { text, sent, expect: expected } = renderTimestamp(stamp, nowMs);
				const signed = sign(delivery.id, text, bodyOf(delivery), secret);
				if (sent !== undefined) signed.http.headers[TIMESTAMP] = sent;
				const n8n = trigger({ secret });
				const result = await receiveSafely(
					() => n8n.receive(signed.http),
					() => ({ stamp, text }),
				);
				const answer = checkAnswer(result, {
					provider: 'MeetBit',
					secrets: [secret],
					emptyAcknowledgement: false,
				});
				tally.add('timestamps', `${expected}-${answer.accepted ? 'accepted' : answer.code}`);
				if (expected === 'accept' && !answer.started)
					throw new Error(
						`timestamp ${JSON.stringify(text)} (${stamp.form}) refused: ${answer.code}`,
					);
				if (expected === 'reject') {
					if (answer.accepted)
						throw new Error(`timestamp ${JSON.stringify(text)} (${stamp.form}) accepted`);
					if (
						![
							'malformed_timestamp',
							'timestamp_too_old',
							'timestamp_too_new',
							'missing_header',
						].includes(answer.code!)
					) {
						throw new Error(`timestamp ${JSON.stringify(text)} refused with ${answer.code}`);
					}
				}
			}),
			{ numRuns: runs(RUNS.meetBit.timestamps) },
		);
	}, 600_000);

	it('accepts a signature only from a key HMAC treats as the current or previous secret, and names which', async () => {
		await fc.assert(
			fc.asyncProperty(
				base,
				secretPair,
				fc.boolean(),
				secretMutation,
				async (delivery, secrets, fromPrevious, change) => {
					const origin =
						fromPrevious && secrets.previousSecret !== '' ? secrets.previousSecret : secrets.secret;
					const key = applySecretMutation(origin, change);
					const signed = genuine(delivery, key);
					const n8n = trigger(secrets);
					const result = await receiveSafely(
						() => n8n.receive(signed.http),
						() => ({ change }),
					);
					const answer = checkAnswer(result, {
						provider: 'MeetBit',
						secrets: [secrets.secret, secrets.previousSecret],
						emptyAcknowledgement: false,
					});
					tally.add('secrets', `${change.kind}-${answer.accepted ? 'accepted' : answer.code}`);
					checkRotation(result, answer, key, secrets, change.kind);
				},
			),
			{ numRuns: runs(RUNS.meetBit.secrets) },
		);
	}, 600_000);

	it('starts exactly one execution for a genuine delivery and none for its retries', async () => {
		await fc.assert(
			fc.asyncProperty(base, configuredSecret, async (delivery, secret) => {
				const n8n = trigger({ secret });
				const first = await receiveSafely(
					() => n8n.receive(genuine(delivery, secret).http),
					() => delivery,
				);
				const retry = await receiveSafely(
					() => n8n.receive(genuine(delivery, secret, Date.now() + 1000).http),
					() => delivery,
				);
				const firstAnswer = checkAnswer(first, {
					provider: 'MeetBit',
					secrets: [secret],
					emptyAcknowledgement: false,
				});
				const retryAnswer = checkAnswer(retry, {
					provider: 'MeetBit',
					secrets: [secret],
					emptyAcknowledgement: false,
				});
				tally.add(
					'genuine',
					firstAnswer.started && retryAnswer.accepted && !retryAnswer.started ? 'once' : 'WRONG',
				);
				expect(firstAnswer.started).toBe(true);
				expect(retryAnswer).toEqual({ accepted: true, started: false, code: undefined });
				expect(n8n.executions).toHaveLength(1);
			}),
			{ numRuns: runs(RUNS.meetBit.genuine) },
		);
	}, 600_000);

	it('core: reads headers only under their lower-case names, exactly once (maps not normalised by Node)', async () => {
		await fc.assert(
			fc.asyncProperty(
				base,
				configuredSecret,
				fc.array(headerMutation([ID, TIMESTAMP, SIGNATURE]), { minLength: 1, maxLength: 3 }),
				async (delivery, secret, mutations) => {
					const signed = genuine(delivery, secret);
					const http = cloneHttp(signed.http);
					for (const change of mutations) applyHeaderMutation(http, change);
					const nowMs = Date.now();
					const policy: DeliveryPolicy = {
						secrets: [{ slot: 'current', value: secret }],
						secretHint: 'the secret',
						toleranceSeconds: TOLERANCE_SECONDS,
						events: 'any',
					};
					let outcome: ReturnType<typeof processDelivery> | undefined;
					let thrown: unknown;
					try {
						outcome = processDelivery(
							meetBitProfile,
							{ rawBody: http.rawBody, headers: http.headers, nowMs },
							policy,
						);
					} catch (error) {
						thrown = error;
					}
					if (outcome === undefined)
						throw new Error(
							`processDelivery threw ${String(thrown)} for ${JSON.stringify(mutations)}`,
						);
					const identical =
						singleValue(http.headers, ID) === signed.id &&
						singleValue(http.headers, TIMESTAMP) === signed.timestamp &&
						http.rawBody.equals(signed.body);
					tally.add(
						'rawHeaderMaps',
						outcome.ok
							? identical
								? 'accepted-identical'
								: 'FORGERY'
							: `rejected-${outcome.code}`,
					);
					if (outcome.ok && !identical)
						throw new Error(`forgery accepted: ${JSON.stringify(mutations)}`);
					if (!outcome.ok && (outcome.status !== 401 || outcome.message.length < 20))
						throw new Error(`unclear refusal ${JSON.stringify(outcome)}`);
				},
			),
			{ numRuns: runs(RUNS.meetBit.rawHeaderMaps) },
		);
	}, 600_000);
});

function compact(body: Buffer): string | undefined {
	try {
		return JSON.stringify(JSON.parse(body.toString('utf8')));
	} catch {
		return undefined;
	}
}

// ---------------------------------------------------------------------------------------------
// Timestamps: each generated case knows whether the documented window accepts it

type TimestampCase =
	| {
			form:
				| 'iso'
				| 'iso-ms'
				| 'iso-offset'
				| 'iso-lower'
				| 'iso-space'
				| 'iso-compact-offset'
				| 'unix'
				| 'unix-ms'
				| 'padded';
			offsetSeconds: number;
			zone: number;
	  }
	| {
			form:
				| 'no-offset'
				| 'rollover'
				| 'leap-second'
				| 'decimal'
				| 'negative'
				| 'exponent'
				| 'seventeen-digits'
				| 'fullwidth'
				| 'rfc2822'
				| 'date-only';
	  }
	| { form: 'garbage'; text: string };

/** Offsets at least 5 s away from the window's edges, so the clock moving during a run cannot flip the answer. */
const offsetSeconds = fc.oneof(
	fc.integer({ min: -(TOLERANCE_SECONDS - 5), max: TOLERANCE_SECONDS - 5 }),
	fc.integer({ min: TOLERANCE_SECONDS + 5, max: 200 * 365 * 86400 }),
	fc.integer({ min: -200 * 365 * 86400, max: -(TOLERANCE_SECONDS + 5) }),
);

const timestampCase: fc.Arbitrary<TimestampCase> = fc.oneof(
	{
		arbitrary: fc.record({
			form: fc.constantFrom(
				'iso' as const,
				'iso-ms' as const,
				'iso-offset' as const,
				'iso-lower' as const,
				'iso-space' as const,
				'iso-compact-offset' as const,
				'unix' as const,
				'unix-ms' as const,
				'padded' as const,
			),
			offsetSeconds,
			zone: fc.integer({ min: -14 * 4, max: 14 * 4 }).map((quarters) => quarters * 15),
		}),
		weight: 6,
	},
	fc.record({
		form: fc.constantFrom(
			'no-offset' as const,
			'rollover' as const,
			'leap-second' as const,
			'decimal' as const,
			'negative' as const,
			'exponent' as const,
			'seventeen-digits' as const,
			'fullwidth' as const,
			'rfc2822' as const,
			'date-only' as const,
		),
	}),
	fc.record({
		form: fc.constant('garbage' as const),
		text: fc
			.oneof(
				fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
				fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
			)
			.map((text) => `x${text}`.trim()),
	}),
);

function pad(value: number, width = 2): string {
	return String(Math.abs(value)).padStart(width, '0');
}

/** Local wall-clock time at `zoneMinutes` east of UTC, as ISO 8601 with that offset. */
function isoWithOffset(ms: number, zoneMinutes: number, compactOffset: boolean): string {
	const local = new Date(ms + zoneMinutes * 60_000).toISOString().slice(0, 19);
	const sign = zoneMinutes < 0 ? '-' : '+';
	const hours = pad(Math.floor(Math.abs(zoneMinutes) / 60));
	const minutes = pad(Math.abs(zoneMinutes) % 60);
	return `${local}${sign}${hours}${compactOffset ? '' : ':'}${minutes}`;
}

function renderTimestamp(
	stamp: TimestampCase,
	nowMs: number,
): { text: string; sent?: string; expect: 'accept' | 'reject' } {
	if ('offsetSeconds' in stamp) {
		const ms = nowMs - stamp.offsetSeconds * 1000;
		const expected = Math.abs(stamp.offsetSeconds) <= TOLERANCE_SECONDS ? 'accept' : 'reject';
		switch (stamp.form) {
			case 'iso':
				return { text: new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'), expect: expected };
			case 'iso-ms':
				return { text: new Date(ms).toISOString(), expect: expected };
			case 'iso-offset':
				return { text: isoWithOffset(ms, stamp.zone, false), expect: expected };
			case 'iso-compact-offset':
				return { text: isoWithOffset(ms, stamp.zone, true), expect: expected };
			case 'iso-lower':
				return {
					text: new Date(ms).toISOString().replace('T', 't').replace('Z', 'z'),
					expect: expected,
				};
			case 'iso-space':
				return { text: new Date(ms).toISOString().replace('T', ' '), expect: expected };
			case 'unix':
				// Before 1970 this is negative, which no sender writes: refused as malformed.
				return { text: String(Math.floor(ms / 1000)), expect: expected };
			case 'unix-ms':
				// Milliseconds are told apart from seconds by size (>= 1e12): only for dates after 2001.
				return { text: String(ms), expect: ms >= 1e12 ? expected : 'reject' };
			case 'padded':
				// Signed without, sent with white space around it (as a proxy may add; Node strips it).
				return {
					text: new Date(ms).toISOString(),
					sent: ` ${new Date(ms).toISOString()}\t`,
					expect: expected,
				};
		}
	}
	const now = new Date(nowMs);
	switch (stamp.form) {
		case 'no-offset':
			return { text: now.toISOString().slice(0, 19), expect: 'reject' };
		case 'rollover':
			return { text: `${now.getUTCFullYear()}-02-31T00:00:00Z`, expect: 'reject' };
		case 'leap-second':
			return { text: `${now.toISOString().slice(0, 10)}T23:59:60Z`, expect: 'reject' };
		case 'decimal':
			return { text: `${Math.floor(nowMs / 1000)}.5`, expect: 'reject' };
		case 'negative':
			return { text: `-${Math.floor(nowMs / 1000)}`, expect: 'reject' };
		case 'exponent':
			return { text: `${(nowMs / 1000).toExponential()}`, expect: 'reject' };
		case 'seventeen-digits':
			return { text: `${nowMs}00000`, expect: 'reject' };
		case 'fullwidth':
			return {
				text: String(Math.floor(nowMs / 1000)).replace(/\d/g, (digit) =>
					String.fromCharCode(0xff10 + Number(digit)),
				),
				expect: 'reject',
			};
		case 'rfc2822':
			return { text: now.toUTCString(), expect: 'reject' };
		case 'date-only':
			return { text: now.toISOString().slice(0, 10), expect: 'reject' };
		case 'garbage':
			return { text: stamp.text, expect: 'reject' };
	}
}
