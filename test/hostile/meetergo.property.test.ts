/**
 * Hostile input against the meetergo Trigger, through its real webhook() and execute().
 *
 * meetergo signs nothing. What authenticates a delivery is the random token in the URL the
 * trigger registered, so "byte-identical in everything signed" means here: the `token` query
 * parameter, present exactly once, equal to the stored token byte for byte (no trimming, no case
 * folding, no decoding beyond what n8n's query parser did). The body is NOT authenticated: with
 * the right token any body of meetergo's shape is accepted (that is the documented limit; *Verify
 * With Meetergo API* re-fetches bookings). Headers play no part.
 */
import fc from 'fast-check';
import type { INode } from 'n8n-workflow';

import { MeetergoTrigger } from '../../nodes/Meetergo/MeetergoTrigger.node';
import { STATIC_KEYS } from '../../nodes/Meetergo/registration';
import { meetergoTriggerNode, MeetergoN8n } from '../helpers/meetergo';
import {
	applyBodyMutation,
	applyHeaderMutation,
	bodyMutation,
	checkAnswer,
	cloneHttp,
	headerMutation,
	receiveSafely,
	Tally,
	type BodyMutation,
	type HeaderMutation,
	type Http,
} from './arbitraries';
import { RUNS, runs } from './budget';

const NODE_NAME = 'meetergo Trigger';
const tally = new Tally();
let workflowCounter = 0;

/** A trigger whose registration (as activation stores it) carries `registered`, or nothing. */
function trigger(registered: string | undefined, options: INode['parameters'] = {}): MeetergoN8n {
	workflowCounter += 1;
	const n8n = new MeetergoN8n(
		new MeetergoTrigger(),
		meetergoTriggerNode({
			events: [
				'booking_created',
				'booking_cancelled',
				'booking_rescheduled',
				'new_employee',
				'form_submission',
			],
			options: { dedupeMaxEntries: 100, ...options },
		}),
		// Never called: Verify With Meetergo API stays off here.
		{ credentialKind: 'personalAccessToken', token: 'unused', baseUrl: 'http://127.0.0.1:9' },
		`wf-meetergo-hostile-${workflowCounter}`,
	);
	if (registered !== undefined) {
		n8n.storedStaticData = JSON.stringify({
			[`node:${NODE_NAME}`]: {
				[STATIC_KEYS.webhookId]: 'wh-hostile',
				[STATIC_KEYS.endpoint]: `https://n8n.example.com/webhook/x/webhook?token=${registered}`,
				[STATIC_KEYS.token]: registered,
			},
		});
	}
	return n8n;
}

/** What activation draws: 32 random bytes, base64url. */
const registrationToken = fc
	.uint8Array({ minLength: 32, maxLength: 32 })
	.map((bytes) => Buffer.from(bytes).toString('base64url'));

interface Base {
	event:
		| 'booking_created'
		| 'booking_cancelled'
		| 'booking_rescheduled'
		| 'new_employee'
		| 'form_submission';
	envelope: 'flat' | 'event_data';
	id: string;
	updatedAt: string;
	appointmentSecret: string;
}

const base: fc.Arbitrary<Base> = fc.record({
	event: fc.constantFrom(
		'booking_created' as const,
		'booking_cancelled' as const,
		'booking_rescheduled' as const,
		'new_employee' as const,
		'form_submission' as const,
	),
	envelope: fc.constantFrom('flat' as const, 'flat' as const, 'event_data' as const),
	id: fc.oneof(fc.uuid(), fc.stringMatching(/^appt-[a-z0-9-]{1,30}$/)),
	updatedAt: fc
		.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
		.map((date) => date.toISOString()),
	appointmentSecret: fc.stringMatching(/^[A-Za-z0-9]{20,40}$/),
});

function bodyOf(delivery: Base): Buffer {
	let fields: Record<string, unknown>;
	if (delivery.event === 'new_employee')
		fields = { id: delivery.id, email: 'new.hire@example.com', updatedAt: delivery.updatedAt };
	else if (delivery.event === 'form_submission')
		fields = {
			formId: delivery.id,
			submittedAt: delivery.updatedAt,
			answers: { email: 'lead@example.com' },
		};
	else {
		fields = {
			id: delivery.id,
			start: '2024-01-15T09:00:00+01:00',
			end: '2024-01-15T09:30:00+01:00',
			updatedAt: delivery.updatedAt,
			secret: delivery.appointmentSecret,
			attendees: [{ email: 'test@example.com', firstname: 'Test', lastname: 'User' }],
		};
	}
	const payload =
		delivery.envelope === 'flat'
			? { webhookType: delivery.event, ...fields }
			: { event: delivery.event, data: fields };
	return Buffer.from(JSON.stringify(payload), 'utf8');
}

function delivered(body: Buffer, registered: string): Http {
	return {
		rawBody: body,
		headers: { 'content-type': 'application/json' },
		query: { token: registered },
	};
}

// ---------------------------------------------------------------------------------------------
// Token mutations, as n8n's query parser (qs) could hand them over

type TokenMutation =
	| { kind: 'missing' }
	| { kind: 'repeated'; second: string | null }
	| { kind: 'arrayOfOne' }
	| { kind: 'object' }
	| { kind: 'truncate'; drop: number }
	| { kind: 'extend'; extra: string }
	| { kind: 'flipCase'; at: number }
	| { kind: 'pad'; left: string; right: string }
	| { kind: 'percentEncoded'; at: number }
	| { kind: 'lookalike'; at: number }
	| { kind: 'empty' }
	| { kind: 'other'; value: string }
	| { kind: 'inHeader'; header: string }
	| { kind: 'otherName'; name: string }
	| { kind: 'number' };

const tokenMutation: fc.Arbitrary<TokenMutation> = fc.oneof(
	fc.record({ kind: fc.constant('missing' as const) }),
	fc.record({
		kind: fc.constant('repeated' as const),
		second: fc.option(fc.string({ maxLength: 50 }), { nil: null }),
	}),
	fc.record({ kind: fc.constant('arrayOfOne' as const) }),
	fc.record({ kind: fc.constant('object' as const) }),
	fc.record({ kind: fc.constant('truncate' as const), drop: fc.integer({ min: 1, max: 43 }) }),
	fc.record({
		kind: fc.constant('extend' as const),
		extra: fc.string({ minLength: 1, maxLength: 8 }),
	}),
	fc.record({ kind: fc.constant('flipCase' as const), at: fc.nat({ max: 42 }) }),
	fc.record({
		kind: fc.constant('pad' as const),
		left: fc.constantFrom('', ' ', '\t', '\u00a0'),
		right: fc.constantFrom(' ', '\n', '\u200b', ''),
	}),
	fc.record({ kind: fc.constant('percentEncoded' as const), at: fc.nat({ max: 42 }) }),
	fc.record({ kind: fc.constant('lookalike' as const), at: fc.nat({ max: 42 }) }),
	fc.record({ kind: fc.constant('empty' as const) }),
	fc.record({
		kind: fc.constant('other' as const),
		value: fc.oneof(registrationToken, fc.string({ unit: 'grapheme', maxLength: 60 })),
	}),
	fc.record({
		kind: fc.constant('inHeader' as const),
		header: fc.constantFrom('token', 'x-token', 'authorization', 'x-meetergo-token'),
	}),
	fc.record({
		kind: fc.constant('otherName' as const),
		name: fc.constantFrom('Token', 'TOKEN', 'token ', 'token[]', 'tok', '_token', 'access_token'),
	}),
	fc.record({ kind: fc.constant('number' as const) }),
);

function applyTokenMutation(http: Http, registered: string, mutation: TokenMutation): void {
	const query = (http.query ??= {});
	const current = typeof query.token === 'string' ? query.token : registered;
	const at = (index: number) => index % Math.max(1, current.length);
	switch (mutation.kind) {
		case 'missing':
			delete query.token;
			return;
		case 'repeated':
			query.token = [current, mutation.second ?? current];
			return;
		case 'arrayOfOne':
			query.token = [current];
			return;
		case 'object':
			// `?token[a]=…` in qs syntax.
			query.token = { a: current };
			return;
		case 'truncate':
			query.token = current.slice(0, Math.max(0, current.length - mutation.drop));
			return;
		case 'extend':
			query.token = current + mutation.extra;
			return;
		case 'flipCase': {
			const index = at(mutation.at);
			const char = current[index] ?? 'a';
			const flipped = char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase();
			query.token = current.slice(0, index) + flipped + current.slice(index + 1);
			return;
		}
		case 'pad':
			query.token = mutation.left + current + mutation.right;
			return;
		case 'percentEncoded': {
			// A still-encoded character, as if a proxy had encoded the URL twice.
			const index = at(mutation.at);
			const char = current[index] ?? 'a';
			query.token = `${current.slice(0, index)}%${char.charCodeAt(0).toString(16).toUpperCase()}${current.slice(index + 1)}`;
			return;
		}
		case 'lookalike': {
			const index = at(mutation.at);
			const char = current[index] ?? 'a';
			query.token =
				current.slice(0, index) +
				String.fromCharCode(char.charCodeAt(0) + 0xfee0) +
				current.slice(index + 1);
			return;
		}
		case 'empty':
			query.token = '';
			return;
		case 'other':
			query.token = mutation.value;
			return;
		case 'inHeader':
			delete query.token;
			http.headers[mutation.header] = current;
			return;
		case 'otherName':
			delete query.token;
			query[mutation.name] = current;
			return;
		case 'number':
			query.token = 12345;
			return;
	}
}

type Mutation =
	| { target: 'token'; mutation: TokenMutation }
	| { target: 'header'; mutation: HeaderMutation }
	| { target: 'body'; mutation: BodyMutation };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
	{ arbitrary: tokenMutation.map((m) => ({ target: 'token' as const, mutation: m })), weight: 5 },
	{
		arbitrary: headerMutation(['content-type', 'x-original-uri', 'authorization']).map((m) => ({
			target: 'header' as const,
			mutation: m,
		})),
		weight: 2,
	},
	{ arbitrary: bodyMutation.map((m) => ({ target: 'body' as const, mutation: m })), weight: 3 },
);

function applyMutation(http: Http, registered: string, change: Mutation): void {
	if (change.target === 'token') applyTokenMutation(http, registered, change.mutation);
	else if (change.target === 'header') applyHeaderMutation(http, change.mutation);
	else http.rawBody = applyBodyMutation(http.rawBody, change.mutation);
}

describe('meetergo Trigger under hostile input', () => {
	afterAll(() => {
		for (const [property, planned] of Object.entries(RUNS.meetergo)) {
			expect(`${property}: ${tally.runs(property)}`).toBe(`${property}: ${runs(planned)}`);
		}
	});

	it('never accepts a delivery unless its URL token is exactly the registered one; every refusal says why', async () => {
		await fc.assert(
			fc.asyncProperty(
				base,
				registrationToken,
				fc.array(mutation, { minLength: 1, maxLength: 3 }),
				async (delivery, registered, mutations) => {
					const http = cloneHttp(delivered(bodyOf(delivery), registered));
					for (const change of mutations) applyMutation(http, registered, change);
					const n8n = trigger(registered);
					const result = await receiveSafely(
						() => n8n.receive(http),
						() => ({ delivery, mutations }),
					);
					const answer = checkAnswer(result, {
						provider: 'meetergo',
						secrets: [registered],
						emptyAcknowledgement: false,
					});
					const tokenExact = http.query?.token === registered;
					tally.add(
						'mutated',
						answer.accepted
							? tokenExact
								? 'accepted-token'
								: 'FORGERY'
							: `rejected-${answer.code}`,
					);
					if (answer.accepted && !tokenExact)
						throw new Error(
							`accepted without the token: ${JSON.stringify({ delivery, mutations })}`,
						);
					// With a wrong token nothing else is looked at (401); with the right one only the body can fail (400).
					if (!answer.accepted && result.status !== (tokenExact ? 400 : 401))
						throw new Error(
							`refused with ${result.status} (${answer.code}), token exact: ${tokenExact}`,
						);
				},
			),
			{ numRuns: runs(RUNS.meetergo.mutated) },
		);
		expect(tally.counts['mutated:FORGERY']).toBeUndefined();
		expect(tally.counts['mutated:accepted-token'] ?? 0).toBeGreaterThan(0);
	}, 600_000);

	it('keeps the token out of the output when Include Headers is on and a proxy copied the URL into headers', async () => {
		await fc.assert(
			fc.asyncProperty(
				base,
				registrationToken,
				fc.subarray(
					[
						'x-original-uri',
						'x-forwarded-uri',
						'x-rewrite-url',
						'referer',
						'x-envoy-original-path',
					],
					{ minLength: 1 },
				),
				async (delivery, registered, copies) => {
					const http = delivered(bodyOf(delivery), registered);
					for (const header of copies)
						http.headers[header] =
							`/webhook/4f6b2c1e/webhook?token=${registered}&token2=${registered}`;
					const n8n = trigger(registered, { includeHeaders: true });
					const result = await receiveSafely(
						() => n8n.receive(http),
						() => ({ delivery, copies }),
					);
					const answer = checkAnswer(result, {
						provider: 'meetergo',
						secrets: [registered, delivery.appointmentSecret],
						emptyAcknowledgement: false,
					});
					tally.add('headerCopies', answer.started ? 'started' : 'WRONG');
					expect(answer.started).toBe(true);
				},
			),
			{ numRuns: runs(RUNS.meetergo.headerCopies) },
		);
	}, 600_000);

	it('refuses everything while no registration token is stored', async () => {
		await fc.assert(
			fc.asyncProperty(
				base,
				fc.option(registrationToken, { nil: undefined }),
				fc.array(mutation, { maxLength: 2 }),
				async (delivery, sent, mutations) => {
					const http = delivered(bodyOf(delivery), sent ?? '');
					if (sent === undefined) delete http.query!.token;
					for (const change of mutations) applyMutation(http, sent ?? '', change);
					const n8n = trigger(undefined);
					const result = await receiveSafely(
						() => n8n.receive(http),
						() => ({ delivery, mutations }),
					);
					const answer = checkAnswer(result, {
						provider: 'meetergo',
						secrets: [],
						emptyAcknowledgement: false,
					});
					tally.add('noToken', answer.accepted ? 'ACCEPTED' : `rejected-${answer.code}`);
					expect(answer.code).toBe('missing_secret');
				},
			),
			{ numRuns: runs(RUNS.meetergo.noToken) },
		);
	}, 600_000);

	it('starts exactly one execution for a genuine delivery, without the appointment secret, and none for a repeat', async () => {
		await fc.assert(
			fc.asyncProperty(base, registrationToken, async (delivery, registered) => {
				const n8n = trigger(registered);
				const first = await receiveSafely(
					() => n8n.receive(delivered(bodyOf(delivery), registered)),
					() => delivery,
				);
				const repeat = await receiveSafely(
					() => n8n.receive(delivered(bodyOf(delivery), registered)),
					() => delivery,
				);
				const secrets = [registered, delivery.appointmentSecret];
				const firstAnswer = checkAnswer(first, {
					provider: 'meetergo',
					secrets,
					emptyAcknowledgement: false,
				});
				const repeatAnswer = checkAnswer(repeat, {
					provider: 'meetergo',
					secrets,
					emptyAcknowledgement: false,
				});
				tally.add(
					'genuine',
					firstAnswer.started && repeatAnswer.accepted && !repeatAnswer.started ? 'once' : 'WRONG',
				);
				expect(firstAnswer.started).toBe(true);
				expect(repeatAnswer).toEqual({ accepted: true, started: false, code: undefined });
				expect(n8n.executions).toHaveLength(1);
			}),
			{ numRuns: runs(RUNS.meetergo.genuine) },
		);
	}, 600_000);
});
