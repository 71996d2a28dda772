/**
 * Hostile input against the MeetGeek Trigger, through its real webhook() and execute() (FakeN8n).
 *
 * What MeetGeek signs, and so what "byte-identical in everything signed" means here: the raw body
 * bytes, nothing else (`X-MG-Signature` = hex HMAC-SHA256 of the body). MeetGeek sends no
 * timestamp and no delivery id, so no header is signed; the signature's spelling (hex case,
 * surrounding white space), header-name case and every other header may vary.
 */
import fc from 'fast-check';
import type { INode } from 'n8n-workflow';

import { MeetGeekTrigger } from '../../nodes/MeetGeek/MeetGeekTrigger.node';
import { FakeN8n } from '../helpers/fakeN8n';
import { meetGeekNode } from '../helpers/meetgeek';
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
	headerMutation,
	hexSignature,
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

const SIGNATURE = 'x-mg-signature';
const tally = new Tally();
let workflowCounter = 0;

function trigger(
	secrets: { secret: string; previousSecret?: string },
	parameters: INode['parameters'] = {},
): FakeN8n {
	workflowCounter += 1;
	return new FakeN8n(
		new MeetGeekTrigger(),
		meetGeekNode({ options: { dedupeMaxEntries: 100 }, ...parameters }),
		{ meetingWebhooksMeetGeekWebhookApi: { previousSecret: '', ...secrets } },
		`wf-meetgeek-hostile-${workflowCounter}`,
	);
}

interface Base {
	meetingId: string;
	failed: boolean;
	indent: number;
	extra: Record<string, string>;
}

const base: fc.Arbitrary<Base> = fc.record({
	meetingId: fc.oneof(fc.uuid(), fc.stringMatching(/^[A-Za-z0-9-]{1,40}$/)),
	failed: fc.boolean(),
	// MeetGeek's documented example is pretty-printed with four spaces.
	indent: fc.constantFrom(4, 4, 0, 2),
	extra: fc.dictionary(
		fc.constantFrom('team_id', 'source', 'note'),
		fc.string({ unit: 'grapheme', maxLength: 20 }),
		{ maxKeys: 2 },
	),
});

function bodyOf(delivery: Base): Buffer {
	const payload = delivery.failed
		? { message: 'File analyzed failed', ...delivery.extra }
		: { message: 'File analyzed successfully', meeting_id: delivery.meetingId, ...delivery.extra };
	return Buffer.from(JSON.stringify(payload, null, delivery.indent), 'utf8');
}

interface Signed {
	http: Http;
	body: Buffer;
	key: Key;
}

function signed(body: Buffer, key: Key): Signed {
	return {
		http: {
			rawBody: body,
			headers: { 'content-type': 'application/json', [SIGNATURE]: hexSignature(key, [body]) },
		},
		body,
		key,
	};
}

type Mutation =
	| { target: 'header'; mutation: HeaderMutation }
	| { target: 'signature'; mutation: SignatureMutation }
	| { target: 'body'; mutation: BodyMutation };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
	{
		arbitrary: headerMutation([SIGNATURE, 'content-type']).map((m) => ({
			target: 'header' as const,
			mutation: m,
		})),
		weight: 3,
	},
	{
		arbitrary: signatureMutation.map((m) => ({ target: 'signature' as const, mutation: m })),
		weight: 3,
	},
	{ arbitrary: bodyMutation.map((m) => ({ target: 'body' as const, mutation: m })), weight: 4 },
);

function applyMutation(original: Signed, http: Http, change: Mutation): void {
	if (change.target === 'header') applyHeaderMutation(http, change.mutation);
	else if (change.target === 'body')
		http.rawBody = applyBodyMutation(http.rawBody, change.mutation);
	else {
		const value = http.headers[SIGNATURE];
		const signature =
			typeof value === 'string' ? value : Array.isArray(value) ? (value[0] ?? '') : '';
		http.headers[SIGNATURE] = applySignatureMutation(signature, change.mutation, {
			key: original.key,
			parts: [original.body],
		});
	}
}

/** The body's shape as MeetGeek's document gives it, checked independently of the package's schema. */
function meetGeekShaped(body: Buffer): boolean {
	let value: unknown;
	try {
		value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
	} catch {
		return false;
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const record = value as Record<string, unknown>;
	const id = record.meeting_id;
	return (
		typeof record.message === 'string' &&
		(id === undefined || id === null || (typeof id === 'string' && id !== ''))
	);
}

describe('MeetGeek Trigger under hostile input', () => {
	afterAll(() => {
		for (const [property, planned] of Object.entries(RUNS.meetGeek)) {
			expect(`${property}: ${tally.runs(property)}`).toBe(`${property}: ${runs(planned)}`);
		}
	});

	it('never accepts a mutated delivery unless its body is byte-identical; every refusal is a 401 that says why', async () => {
		await fc.assert(
			fc.asyncProperty(
				base,
				secretPair,
				fc.array(mutation, { minLength: 1, maxLength: 3 }),
				async (delivery, secrets, mutations) => {
					const original = signed(bodyOf(delivery), secrets.secret);
					const http = cloneHttp(original.http);
					for (const change of mutations) applyMutation(original, http, change);
					const n8n = trigger(secrets);
					const result = await receiveSafely(
						() => n8n.receive(http),
						() => ({ delivery, mutations }),
					);
					const answer = checkAnswer(result, {
						provider: 'MeetGeek',
						secrets: [secrets.secret, secrets.previousSecret],
						emptyAcknowledgement: true,
						receivedSignature: singleValue(effectiveHeaders(http.headers), SIGNATURE),
					});
					const identical = http.rawBody.equals(original.body);
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
					if (!answer.accepted && result.status !== 401)
						throw new Error(`refused with ${result.status}, not 401: ${answer.code}`);
				},
			),
			{ numRuns: runs(RUNS.meetGeek.mutated) },
		);
		expect(tally.counts['mutated:accepted-identical'] ?? 0).toBeGreaterThan(0);
		expect(tally.counts['mutated:FORGERY']).toBeUndefined();
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
					const n8n = trigger(secrets);
					const result = await receiveSafely(
						() => n8n.receive(signed(bodyOf(delivery), key).http),
						() => ({ change }),
					);
					const answer = checkAnswer(result, {
						provider: 'MeetGeek',
						secrets: [secrets.secret, secrets.previousSecret],
						emptyAcknowledgement: true,
					});
					tally.add('secrets', `${change.kind}-${answer.accepted ? 'accepted' : answer.code}`);
					checkRotation(result, answer, key, secrets, change.kind);
				},
			),
			{ numRuns: runs(RUNS.meetGeek.secrets) },
		);
	}, 600_000);

	it('starts exactly one execution for a genuine delivery and none for its retries', async () => {
		await fc.assert(
			fc.asyncProperty(base, configuredSecret, async (delivery, secret) => {
				const n8n = trigger({ secret });
				const first = await receiveSafely(
					() => n8n.receive(signed(bodyOf(delivery), secret).http),
					() => delivery,
				);
				const retry = await receiveSafely(
					() => n8n.receive(signed(bodyOf(delivery), secret).http),
					() => delivery,
				);
				const firstAnswer = checkAnswer(first, {
					provider: 'MeetGeek',
					secrets: [secret],
					emptyAcknowledgement: true,
				});
				const retryAnswer = checkAnswer(retry, {
					provider: 'MeetGeek',
					secrets: [secret],
					emptyAcknowledgement: true,
				});
				tally.add(
					'genuine',
					firstAnswer.started && retryAnswer.accepted && !retryAnswer.started ? 'once' : 'WRONG',
				);
				expect(firstAnswer.started).toBe(true);
				expect(retryAnswer).toEqual({ accepted: true, started: false, code: undefined });
				expect(n8n.executions).toHaveLength(1);
			}),
			{ numRuns: runs(RUNS.meetGeek.genuine) },
		);
	}, 600_000);

	it('with Authentication "None", ignores every signature, accepts exactly the bodies of MeetGeek\'s shape and marks them unsigned', async () => {
		await fc.assert(
			fc.asyncProperty(
				base,
				configuredSecret,
				fc.array(mutation, { minLength: 0, maxLength: 3 }),
				async (delivery, secret, mutations) => {
					const original = signed(bodyOf(delivery), secret);
					const http = cloneHttp(original.http);
					for (const change of mutations) applyMutation(original, http, change);
					const n8n = trigger({ secret }, { authentication: 'none' });
					const result = await receiveSafely(
						() => n8n.receive(http),
						() => ({ delivery, mutations }),
					);
					const answer = checkAnswer(result, {
						provider: 'MeetGeek',
						secrets: [secret],
						emptyAcknowledgement: true,
					});
					const shaped = meetGeekShaped(http.rawBody);
					tally.add('unsigned', answer.accepted ? 'accepted' : `rejected-${answer.code}`);
					if (answer.accepted !== shaped)
						throw new Error(
							`accepted=${answer.accepted} but MeetGeek-shaped=${shaped}: ${http.rawBody.toString('latin1').slice(0, 200)}`,
						);
					if (!answer.accepted && result.status !== 400)
						throw new Error(`refused with ${result.status}`);
					if (
						answer.started &&
						(result.execution![0].json.delivery as { secret: unknown }).secret !== null
					)
						throw new Error('an unsigned delivery reported a secret');
				},
			),
			{ numRuns: runs(RUNS.meetGeek.unsigned) },
		);
	}, 600_000);

	it('with Signing Secret chosen but left empty, refuses everything (never accepts silently)', async () => {
		await fc.assert(
			fc.asyncProperty(
				base,
				fc.oneof(fc.constant(''), configuredSecret),
				fc.array(mutation, { maxLength: 2 }),
				async (delivery, key, mutations) => {
					const original = signed(bodyOf(delivery), key);
					const http = cloneHttp(original.http);
					for (const change of mutations) applyMutation(original, http, change);
					const n8n = trigger({ secret: '', previousSecret: '' });
					const result = await receiveSafely(
						() => n8n.receive(http),
						() => ({ delivery, mutations }),
					);
					const answer = checkAnswer(result, {
						provider: 'MeetGeek',
						secrets: [],
						emptyAcknowledgement: true,
					});
					tally.add('noSecret', answer.accepted ? 'ACCEPTED' : `rejected-${answer.code}`);
					if (answer.accepted) throw new Error('accepted without a secret');
					if (
						![
							'missing_secret',
							'missing_header',
							'ambiguous_header',
							'malformed_signature',
						].includes(answer.code!)
					)
						throw new Error(`refused with ${answer.code}`);
				},
			),
			{ numRuns: runs(RUNS.meetGeek.noSecret) },
		);
	}, 600_000);
});
