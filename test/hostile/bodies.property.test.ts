/**
 * Bodies nobody should send, sent the authentic way (signed with the right secret, or to the URL
 * with the right token), so they get past authentication and reach the body checks: empty, not
 * JSON, not UTF-8, JSON of the wrong shape, shapes close to the right one, prototype keys, deeply
 * nested, 1 MB and more. Each trigger must answer 400 with a body_* code and start nothing, or —
 * exactly when the body has the provider's documented shape, checked here independently of the
 * package's schemas — accept it. Never a throw, never a 5xx, never a polluted Object prototype.
 * (Above n8n's payload limit n8n itself refuses the request before the trigger runs: see
 * test/hostile/load.hostile.mjs.)
 */
import fc from 'fast-check';

import { MeetBitTrigger } from '../../nodes/MeetBit/MeetBitTrigger.node';
import { MeetGeekTrigger } from '../../nodes/MeetGeek/MeetGeekTrigger.node';
import { MeetergoTrigger } from '../../nodes/Meetergo/MeetergoTrigger.node';
import { STATIC_KEYS } from '../../nodes/Meetergo/registration';
import { FakeN8n, type ReceiveResult } from '../helpers/fakeN8n';
import { meetBitNode } from '../helpers/meetbit';
import { meetergoTriggerNode, MeetergoN8n } from '../helpers/meetergo';
import { meetGeekNode } from '../helpers/meetgeek';
import { checkAnswer, hexSignature, receiveSafely, Tally, type Http } from './arbitraries';
import { RUNS, runs } from './budget';

const tally = new Tally();
const signingKey = 'k'.repeat(32);
let counter = 0;

// ---------------------------------------------------------------------------------------------
// The three triggers, each with a way to send a body authentically

interface Target {
	provider: string;
	emptyAcknowledgement: boolean;
	secrets: string[];
	send(body: Buffer): Promise<ReceiveResult>;
	shaped(value: unknown): boolean;
}

function meetBit(): Target {
	return {
		provider: 'MeetBit',
		emptyAcknowledgement: false,
		secrets: [signingKey],
		send: async (body) => {
			counter += 1;
			const n8n = new FakeN8n(
				new MeetBitTrigger(),
				meetBitNode({ options: { dedupeMaxEntries: 100 } }),
				{ meetingWebhooksMeetBitWebhookApi: { secret: signingKey } },
				`wf-bodies-meetbit-${counter}`,
			);
			const id = `delivery-${counter}`;
			const timestamp = String(Math.floor(Date.now() / 1000));
			const http: Http = {
				rawBody: body,
				headers: {
					'content-type': 'application/json',
					'x-webhook-id': id,
					'x-webhook-timestamp': timestamp,
					'x-webhook-signature': hexSignature(signingKey, [`${id}.${timestamp}.`, body]),
				},
			};
			return await n8n.receive(http);
		},
		shaped: meetBitShaped,
	};
}

function meetGeek(): Target {
	return {
		provider: 'MeetGeek',
		emptyAcknowledgement: true,
		secrets: [signingKey],
		send: async (body) => {
			counter += 1;
			const n8n = new FakeN8n(
				new MeetGeekTrigger(),
				meetGeekNode({ options: { dedupeMaxEntries: 100 } }),
				{ meetingWebhooksMeetGeekWebhookApi: { secret: signingKey } },
				`wf-bodies-meetgeek-${counter}`,
			);
			return await n8n.receive({
				rawBody: body,
				headers: {
					'content-type': 'application/json',
					'x-mg-signature': hexSignature(signingKey, [body]),
				},
			});
		},
		shaped: meetGeekShaped,
	};
}

const registered = Buffer.alloc(32, 7).toString('base64url');

function meetergo(): Target {
	return {
		provider: 'meetergo',
		emptyAcknowledgement: false,
		secrets: [registered],
		send: async (body) => {
			counter += 1;
			const n8n = new MeetergoN8n(
				new MeetergoTrigger(),
				meetergoTriggerNode({ events: MEETERGO_EVENTS, options: { dedupeMaxEntries: 100 } }),
				{ credentialKind: 'personalAccessToken', token: 'unused', baseUrl: 'http://127.0.0.1:9' },
				`wf-bodies-meetergo-${counter}`,
			);
			n8n.storedStaticData = JSON.stringify({
				'node:meetergo Trigger': {
					[STATIC_KEYS.webhookId]: 'wh-1',
					[STATIC_KEYS.endpoint]: `https://n8n.example.com/w?token=${registered}`,
					[STATIC_KEYS.token]: registered,
				},
			});
			return await n8n.receive({
				rawBody: body,
				headers: { 'content-type': 'application/json' },
				query: { token: registered },
			} as Http);
		},
		shaped: meetergoShaped,
	};
}

// ---------------------------------------------------------------------------------------------
// The documented shapes, written independently of the package's zod schemas

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);
const isInteger = (value: unknown) => typeof value === 'number' && Number.isInteger(value);
const own = (record: Record<string, unknown>, key: string) =>
	Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;

const MEETBIT_KNOWN = [
	'meeting_links.scheduled',
	'events.created',
	'events.updated',
	'events.deleted',
	'events.rescheduled',
];

/** `{ event: non-empty string, data: object }`; known events carry integer ids and typed fields. */
function meetBitShaped(value: unknown): boolean {
	if (!isRecord(value)) return false;
	const event = own(value, 'event');
	const data = own(value, 'data');
	if (typeof event !== 'string' || event === '' || !isRecord(data)) return false;
	if (!MEETBIT_KNOWN.includes(event)) return true;
	const optionalInteger = (key: string) =>
		own(data, key) === undefined || isInteger(own(data, key));
	const nullishString = (key: string) =>
		own(data, key) === undefined || own(data, key) === null || typeof own(data, key) === 'string';
	if (!isInteger(own(data, 'id')) || !optionalInteger('calendar_id')) return false;
	if (event !== 'meeting_links.scheduled') return true;
	const email = own(data, 'email');
	return (
		optionalInteger('event_id') &&
		nullishString('name') &&
		nullishString('contact_number') &&
		(email === undefined || typeof email === 'string')
	);
}

/** `{ message: string, meeting_id?: non-empty string | null }`. */
function meetGeekShaped(value: unknown): boolean {
	if (!isRecord(value)) return false;
	const id = own(value, 'meeting_id');
	return (
		typeof own(value, 'message') === 'string' &&
		(id === undefined || id === null || (typeof id === 'string' && id !== ''))
	);
}

const MEETERGO_EVENTS = [
	'booking_created',
	'booking_cancelled',
	'booking_rescheduled',
	'new_employee',
	'form_submission',
];
const BOOKINGS = MEETERGO_EVENTS.slice(0, 3);

/** Flat `{ webhookType, …fields }` or `{ event, data: {…} }`; a booking carries a non-empty string `id`. */
function meetergoShaped(value: unknown): boolean {
	if (!isRecord(value)) return false;
	const webhookType = own(value, 'webhookType');
	let event: unknown;
	let data: unknown;
	if (typeof webhookType === 'string' && webhookType !== '') {
		event = webhookType;
		data = value;
	} else {
		if (webhookType !== undefined) return false;
		event = own(value, 'event');
		data = own(value, 'data');
		if (typeof event !== 'string' || event === '' || !isRecord(data)) return false;
	}
	if (!BOOKINGS.includes(event as string)) return true;
	const id = own(data as Record<string, unknown>, 'id');
	return typeof id === 'string' && id !== '';
}

/** The body as the trigger decodes it: strict UTF-8 (a BOM is dropped, as n8n and WHATWG do), then JSON. */
function decoded(body: Buffer): unknown {
	try {
		return { value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body)) as unknown };
	} catch {
		return undefined;
	}
}

// ---------------------------------------------------------------------------------------------
// Bodies

const PROTOTYPE_NAMES = [
	'__proto__',
	'constructor',
	'prototype',
	'toString',
	'hasOwnProperty',
	'valueOf',
	'__defineGetter__',
];
const nearString = fc.oneof(
	fc.constantFrom(
		'',
		' ',
		'x',
		'null',
		...PROTOTYPE_NAMES,
		...MEETBIT_KNOWN,
		...MEETERGO_EVENTS,
		'File analyzed successfully',
		'File analyzed failed',
	),
	fc.string({ unit: 'grapheme', maxLength: 12 }),
);
const nearValue: fc.Arbitrary<unknown> = fc.oneof(
	nearString,
	fc.constantFrom(0, -0, 1, -1, 1.5, 2 ** 53, 1e300, null, true, false),
	fc.integer(),
	fc.constant([]),
	fc.constant({}),
	fc.jsonValue({ maxDepth: 2 }),
);
const nearKeys = [
	'event',
	'data',
	'id',
	'calendar_id',
	'event_id',
	'name',
	'email',
	'contact_number',
	'message',
	'meeting_id',
	'webhookType',
	'updatedAt',
	'formId',
	...PROTOTYPE_NAMES,
];
const nearObject: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(
	fc.constantFrom(...nearKeys),
	nearValue,
	{ maxKeys: 6 },
);
/** Objects close to each provider's shape: the right keys with right and wrong values, plus prototype keys. */
const nearShape: fc.Arbitrary<unknown> = fc.oneof(
	fc
		.record({ event: nearString, data: fc.oneof(nearObject, nearValue) }, { requiredKeys: [] })
		.chain((top) => nearObject.map((extra) => ({ ...extra, ...top }))),
	fc.record(
		{ message: fc.oneof(nearString, nearValue), meeting_id: fc.oneof(nearString, nearValue) },
		{ requiredKeys: [] },
	),
	fc.record(
		{
			webhookType: fc.oneof(nearString, nearValue),
			id: fc.oneof(nearString, nearValue),
			updatedAt: nearString,
		},
		{ requiredKeys: [] },
	),
	fc.record(
		{ event: nearString, data: fc.oneof(nearObject, nearValue) },
		{ requiredKeys: ['event'] },
	),
	nearObject,
);

type BodyCase =
	| { kind: 'empty' }
	| { kind: 'whitespace'; text: string }
	| { kind: 'bytes'; bytes: Uint8Array }
	| { kind: 'text'; text: string }
	| { kind: 'json'; value: unknown }
	| { kind: 'near'; value: unknown; indent: number }
	| { kind: 'protoText'; key: string; shape: 'meetbit' | 'meetgeek' | 'meetergo' }
	| { kind: 'nested'; depth: number; brackets: boolean; where: 'top' | 'inside' }
	| { kind: 'bom'; value: unknown }
	| { kind: 'utf16'; value: unknown }
	| { kind: 'invalidUtf8'; at: number; value: unknown };

const bodyCase: fc.Arbitrary<BodyCase> = fc.oneof(
	fc.record({ kind: fc.constant('empty' as const) }),
	fc.record({
		kind: fc.constant('whitespace' as const),
		text: fc.constantFrom(' ', '\n', '\r\n\t ', '\u00a0', '\ufeff'),
	}),
	fc.record({ kind: fc.constant('bytes' as const), bytes: fc.uint8Array({ maxLength: 512 }) }),
	fc.record({
		kind: fc.constant('text' as const),
		text: fc.oneof(
			fc.string({ unit: 'grapheme', maxLength: 64 }),
			fc.constantFrom(
				'NaN',
				'Infinity',
				'undefined',
				"{'event':'x'}",
				'{"event":"x",}',
				'{event:"x"}',
				'[]',
				'""',
				'{"a":1}{"b":2}',
			),
		),
	}),
	fc.record({ kind: fc.constant('json' as const), value: fc.jsonValue() }),
	{
		arbitrary: fc.record({
			kind: fc.constant('near' as const),
			value: nearShape,
			indent: fc.constantFrom(0, 2, 4),
		}),
		weight: 6,
	},
	fc.record({
		kind: fc.constant('protoText' as const),
		key: fc.constantFrom(...PROTOTYPE_NAMES),
		shape: fc.constantFrom('meetbit' as const, 'meetgeek' as const, 'meetergo' as const),
	}),
	fc.record({
		kind: fc.constant('nested' as const),
		depth: fc.integer({ min: 1, max: 3000 }),
		brackets: fc.boolean(),
		where: fc.constantFrom('top' as const, 'inside' as const),
	}),
	fc.record({ kind: fc.constant('bom' as const), value: nearShape }),
	fc.record({ kind: fc.constant('utf16' as const), value: nearShape }),
	fc.record({ kind: fc.constant('invalidUtf8' as const), at: fc.nat(), value: nearShape }),
);

function nested(depth: number, brackets: boolean): string {
	return brackets
		? `${'['.repeat(depth)}${']'.repeat(depth)}`
		: `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** A body whose one own key is a prototype name, written as JSON text (JSON.parse makes it an own key). */
function protoBody(key: string, shape: 'meetbit' | 'meetgeek' | 'meetergo'): string {
	const polluter = `"${key}":{"polluted":"yes","webhookType":"booking_created","event":"events.created","message":"m","id":1}`;
	if (shape === 'meetbit')
		return `{"event":"events.created",${polluter},"data":{${polluter},"id":1}}`;
	if (shape === 'meetgeek')
		return `{${polluter},"message":"File analyzed successfully","meeting_id":"m-1"}`;
	return `{${polluter},"webhookType":"booking_created","id":"appt-1","updatedAt":"2024-01-01T00:00:00Z"}`;
}

function render(body: BodyCase, target: Target): Buffer {
	switch (body.kind) {
		case 'empty':
			return Buffer.alloc(0);
		case 'whitespace':
		case 'text':
			return Buffer.from(body.text, 'utf8');
		case 'bytes':
			return Buffer.from(body.bytes);
		case 'json':
			return Buffer.from(JSON.stringify(body.value) ?? 'null', 'utf8');
		case 'near':
			return Buffer.from(JSON.stringify(body.value, null, body.indent) ?? 'null', 'utf8');
		case 'protoText':
			return Buffer.from(protoBody(body.key, body.shape), 'utf8');
		case 'nested': {
			const deep = nested(body.depth, body.brackets);
			if (body.where === 'top') return Buffer.from(deep, 'utf8');
			const inside =
				target.provider === 'MeetBit'
					? `{"event":"events.reassigned","data":{"deep":${deep}}}`
					: target.provider === 'MeetGeek'
						? `{"message":"File analyzed successfully","meeting_id":"m-${counter}","deep":${deep}}`
						: `{"webhookType":"new_employee","id":"u-${counter}","deep":${deep}}`;
			return Buffer.from(inside, 'utf8');
		}
		case 'bom':
			return Buffer.concat([
				Buffer.from([0xef, 0xbb, 0xbf]),
				Buffer.from(JSON.stringify(body.value) ?? 'null', 'utf8'),
			]);
		case 'utf16':
			return Buffer.from(JSON.stringify(body.value) ?? 'null', 'utf16le');
		case 'invalidUtf8': {
			const bytes = Buffer.from(JSON.stringify(body.value) ?? 'null', 'utf8');
			const at = bytes.length === 0 ? 0 : body.at % bytes.length;
			return Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff]), bytes.subarray(at)]);
		}
	}
}

const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).join(',');

async function check(
	property: string,
	target: Target,
	body: Buffer,
	describe: () => unknown,
): Promise<void> {
	const result = await receiveSafely(() => target.send(body), describe);
	const answer = checkAnswer(result, {
		provider: target.provider,
		secrets: target.secrets,
		emptyAcknowledgement: target.emptyAcknowledgement,
	});
	const parsed = decoded(body) as { value: unknown } | undefined;
	const shaped = parsed !== undefined && target.shaped(parsed.value);
	tally.add(property, answer.accepted ? 'accepted' : `rejected-${answer.code}`);
	if (
		Object.getOwnPropertyNames(Object.prototype).join(',') !== prototypeKeys ||
		({} as Record<string, unknown>).polluted !== undefined
	) {
		throw new Error(`Object.prototype was polluted by ${JSON.stringify(describe())}`);
	}
	if (answer.accepted !== shaped) {
		throw new Error(
			`accepted=${answer.accepted} (${answer.code}) but ${target.provider}-shaped=${shaped}: ${body.toString('latin1').slice(0, 300)}`,
		);
	}
	if (!answer.accepted && (result.status !== 400 || !answer.code!.startsWith('body_')))
		throw new Error(`refused with ${result.status} ${answer.code}`);
}

describe('authentic but unusable bodies', () => {
	afterAll(() => {
		for (const [property, planned] of Object.entries(RUNS.bodies)) {
			expect(`${property}: ${tally.runs(property)}`).toBe(`${property}: ${runs(planned)}`);
		}
	});

	it.each([
		['meetBit', meetBit],
		['meetGeek', meetGeek],
		['meetergo', meetergo],
	] as const)(
		'%s: 400 with a body_* code and no execution, or accepted exactly when the body has the documented shape',
		async (property, make) => {
			const target = make();
			await fc.assert(
				fc.asyncProperty(bodyCase, async (body) => {
					await check(property, target, render(body, target), () => body);
				}),
				{ numRuns: runs(RUNS.bodies[property]) },
			);
		},
		600_000,
	);

	it('1 MB and more, deeply nested, for every trigger: clear answers, no crash', async () => {
		const targets = [meetBit(), meetGeek(), meetergo()];
		const large = fc.record({
			target: fc.nat({ max: 2 }),
			kind: fc.constantFrom(
				'junk' as const,
				'valid' as const,
				'wrongShape' as const,
				'deepValid' as const,
				'deepTop' as const,
			),
			megabytes: fc.constantFrom(1, 2),
			depth: fc.integer({ min: 10_000, max: 200_000 }),
		});
		await fc.assert(
			fc.asyncProperty(large, async ({ target: index, kind, megabytes, depth }) => {
				const target = targets[index];
				const size = megabytes * 1024 * 1024;
				let body: Buffer;
				if (kind === 'junk') body = Buffer.alloc(size, 0xa5);
				else if (kind === 'wrongShape')
					body = Buffer.from(JSON.stringify(['x'.repeat(size)]), 'utf8');
				else if (kind === 'deepTop') body = Buffer.from(nested(depth, true), 'utf8');
				else {
					const pad =
						kind === 'valid' ? JSON.stringify('p'.repeat(size)) : nested(depth, depth % 2 === 0);
					counter += 1;
					body = Buffer.from(
						target.provider === 'MeetBit'
							? `{"event":"events.reassigned","data":{"id":${counter},"pad":${pad}}}`
							: target.provider === 'MeetGeek'
								? `{"message":"File analyzed successfully","meeting_id":"m-${counter}","pad":${pad}}`
								: `{"webhookType":"new_employee","id":"u-${counter}","updatedAt":"x","pad":${pad}}`,
						'utf8',
					);
				}
				await check('large', target, body, () => ({
					provider: target.provider,
					kind,
					megabytes,
					depth,
				}));
			}),
			{ numRuns: runs(RUNS.bodies.large) },
		);
	}, 600_000);
});
