// Part 1: verification in-process. Every candidate verifies the same-size body in the same run;
// candidates are interleaved batch by batch so that drift (thermal, other processes) hits all alike.
// Figures are medians of per-batch means, in nanoseconds of CPU time per delivery (wall time too).
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { verify as octokitVerify } from '@octokit/webhooks-methods';

import {
	hexHmac,
	meetBitBody,
	meetBitDeliveries,
	meetergoBody,
	meetGeekBody,
	SECRET,
} from './payloads.mjs';
import { cpuNs, median, nowNs } from './stats.mjs';

const require = createRequire(import.meta.url);
const { Webhook } = require('standardwebhooks');

/** The compiled package (`npm run build` output): exactly the code n8n loads. */
export function loadDist(distDir) {
	const load = (path) => require(join(distDir, path));
	return {
		delivery: load('nodes/core/delivery.js'),
		headers: load('nodes/core/headers.js'),
		signature: load('nodes/core/signature.js'),
		timestamp: load('nodes/core/timestamp.js'),
		ledger: load('nodes/shared/dedupe/ledger.js'),
		recent: load('nodes/shared/dedupe/recentDeliveries.js'),
		dedupeRules: load('nodes/shared/dedupe/rules.js'),
		deliveryKey: load('nodes/core/deliveryKey.js'),
		meetBit: load('nodes/MeetBit/profile.js'),
		meetGeek: load('nodes/MeetGeek/profile.js'),
		meetergo: load('nodes/Meetergo/profile.js'),
	};
}

/**
 * One candidate: `prepare(count)` builds `count` inputs outside the timed region (each accepted
 * delivery needs its own id, or the dedupe step would answer "duplicate"); `run(input)` is timed.
 */
function candidates(dist, size) {
	const { processDelivery } = dist.delivery;
	const { Ledger, DEFAULT_LEDGER_LIMITS } = dist.ledger;
	const { RecentDeliveries } = dist.recent;
	const { admitKey, keyWindow } = dist.dedupeRules;
	const limits = DEFAULT_LEDGER_LIMITS;
	const secrets = [
		{ slot: 'current', value: SECRET },
		{ slot: 'previous', value: '' },
	];
	const meetBit = meetBitBody(size);

	/**
	 * processDelivery, the dedupe admission webhook() makes and the ledger record the execution
	 * makes, as in production (a fresh ledger and guard per trigger).
	 */
	const accept = (profile, policyExtra = {}, { record = true, dedupe = true } = {}) => {
		const ledger = Ledger.empty(Math.floor(Date.now() / 1000));
		const recent = new RecentDeliveries();
		const policy = {
			secrets,
			secretHint: 'the signing secret',
			acceptCompactBody: false,
			toleranceSeconds: 300,
			events: 'any',
			...policyExtra,
		};
		return (request) => {
			const nowMs = Date.now();
			const outcome = processDelivery(
				profile,
				{ rawBody: request.rawBody, headers: request.headers, nowMs },
				policy,
			);
			if (outcome.action !== 'start')
				throw new Error(`expected an accepted delivery, got ${JSON.stringify(outcome)}`);
			if (
				dedupe &&
				!admitKey(
					{ ledger, recent, scope: 'workflow:node' },
					keyWindow(outcome.identity, limits.ttlSeconds),
					nowMs,
				)
			)
				throw new Error('expected a new delivery, got a duplicate');
			if (record) ledger.record(outcome.identity.key, Math.floor(nowMs / 1000), limits);
		};
	};
	// The MeetBit profile with its zod schema swapped for a pass-through, to attribute the schema's cost.
	const unchecked = {
		...dist.meetBit.meetBitProfile,
		schema: { safeParse: (data) => ({ success: true, data }) },
	};

	const standardSecret = randomBytes(24);
	const standard = new Webhook(standardSecret.toString('base64'));

	return [
		{
			name: 'bare HMAC (createHmac + timingSafeEqual)',
			key: 'bareHmac',
			// The minimum any verifier of a MeetBit delivery does: HMAC the signed message, compare in constant time.
			prepare: (count) => meetBitDeliveries(meetBit, count),
			run: (request) => {
				const headers = request.headers;
				const expected = createHmac('sha256', SECRET)
					.update(`${headers['x-webhook-id']}.${headers['x-webhook-timestamp']}.`)
					.update(request.rawBody)
					.digest();
				const received = Buffer.from(headers['x-webhook-signature'], 'hex');
				if (!(received.length === expected.length && timingSafeEqual(received, expected)))
					throw new Error('bare HMAC: mismatch');
			},
		},
		{
			// The target's yardstick: what a minimal verifier that also outputs the body does.
			name: 'bare HMAC + JSON.parse of the same body',
			key: 'bareHmacParse',
			prepare: (count) => meetBitDeliveries(meetBit, count),
			run: (request) => {
				const headers = request.headers;
				const expected = createHmac('sha256', SECRET)
					.update(`${headers['x-webhook-id']}.${headers['x-webhook-timestamp']}.`)
					.update(request.rawBody)
					.digest();
				const received = Buffer.from(headers['x-webhook-signature'], 'hex');
				if (!(received.length === expected.length && timingSafeEqual(received, expected)))
					throw new Error('bare HMAC: mismatch');
				JSON.parse(request.rawBody.toString('utf8'));
			},
		},
		{
			name: '@octokit/webhooks-methods verify',
			key: 'octokit',
			async: true,
			prepare: (count) => {
				const signature = `sha256=${hexHmac(SECRET, meetBit)}`;
				return Array.from({ length: count }, () => ({ body: meetBit, signature }));
			},
			run: async (input) => {
				if (!(await octokitVerify(SECRET, input.body, input.signature)))
					throw new Error('octokit: mismatch');
			},
		},
		{
			name: 'standardwebhooks Webhook.verify',
			key: 'standardwebhooks',
			prepare: (count) => {
				const timestamp = String(Math.floor(Date.now() / 1000));
				return Array.from({ length: count }, () => {
					const id = `msg_${randomUUID()}`;
					const signature = createHmac('sha256', standardSecret)
						.update(`${id}.${timestamp}.${meetBit}`)
						.digest('base64');
					return {
						body: meetBit,
						headers: {
							'webhook-id': id,
							'webhook-timestamp': timestamp,
							'webhook-signature': `v1,${signature}`,
						},
					};
				});
			},
			run: (input) => {
				standard.verify(input.body, input.headers);
			},
		},
		{
			name: 'ours: MeetBit accept path',
			key: 'oursMeetBit',
			ours: true,
			prepare: (count) => meetBitDeliveries(meetBit, count),
			runFactory: () => accept(dist.meetBit.meetBitProfile),
		},
		{
			name: 'ours: MeetGeek accept path',
			key: 'oursMeetGeek',
			ours: true,
			prepare: (count) =>
				Array.from({ length: count }, () => {
					const rawBody = Buffer.from(meetGeekBody(size, randomUUID()), 'utf8');
					return {
						rawBody,
						headers: {
							'content-type': 'application/json',
							'x-mg-signature': hexHmac(SECRET, rawBody),
						},
					};
				}),
			runFactory: () => accept(dist.meetGeek.meetGeekProfile(600)),
		},
		{
			name: 'ours: meetergo accept path (URL token, no HMAC)',
			key: 'oursMeetergo',
			ours: true,
			prepare: (count) => {
				const updatedAt = new Date().toISOString();
				return Array.from({ length: count }, () => ({
					rawBody: Buffer.from(meetergoBody(size, `appt-${randomUUID()}`, updatedAt), 'utf8'),
					headers: { 'content-type': 'application/json' },
				}));
			},
			runFactory: () => {
				const token = randomBytes(32).toString('base64url');
				return accept(dist.meetergo.meetergoProfile, {
					secrets: [],
					urlToken: { parameter: 'token', expected: token, received: token },
				});
			},
		},
		{
			name: 'attribution: MeetBit without the ledger record (webhook() only)',
			key: 'oursMeetBitNoRecord',
			context: true,
			prepare: (count) => meetBitDeliveries(meetBit, count),
			runFactory: () => accept(dist.meetBit.meetBitProfile, {}, { record: false }),
		},
		{
			name: 'attribution: MeetBit without any dedupe (no lookup, guard or record)',
			key: 'oursMeetBitNoDedupe',
			context: true,
			prepare: (count) => meetBitDeliveries(meetBit, count),
			runFactory: () => accept(dist.meetBit.meetBitProfile, {}, { record: false, dedupe: false }),
		},
		{
			name: 'attribution: MeetBit without dedupe, schema swapped for a pass-through',
			key: 'oursMeetBitNoSchema',
			context: true,
			prepare: (count) => meetBitDeliveries(meetBit, count),
			runFactory: () => accept(unchecked, {}, { record: false, dedupe: false }),
		},
		{
			// The authentication steps of the MeetBit path alone, composed from the core's own
			// functions in processDelivery's order: three headers, the signature, the timestamp window.
			name: 'context: ours, MeetBit checks only (headers, signature, timestamp)',
			key: 'oursMeetBitChecks',
			context: true,
			prepare: (count) => meetBitDeliveries(meetBit, count),
			runFactory: () => {
				const { readSingleHeader } = dist.headers;
				const { verifyHexSignature } = dist.signature;
				const { checkTimestampWindow } = dist.timestamp;
				const profile = dist.meetBit.meetBitProfile;
				const { signature } = profile;
				return (request) => {
					const nowMs = Date.now();
					const values = {};
					for (const name of [signature.header, ...signature.signedHeaders]) {
						const header = readSingleHeader(request.headers, name);
						if (!header.ok) throw new Error(header.message);
						values[name] = header.value;
					}
					const match = verifyHexSignature({
						header: signature.header,
						signature: values[signature.header],
						secrets,
						contents: [{ form: 'raw', parts: () => signature.message(values, request.rawBody) }],
						secretHint: 'the signing secret',
					});
					if (!match.ok) throw new Error(match.message);
					const window = checkTimestampWindow({
						header: profile.timestampHeader,
						value: values[profile.timestampHeader],
						nowMs,
						toleranceSeconds: 300,
					});
					if (!window.ok) throw new Error(window.message);
				};
			},
		},
		{
			// What any trigger that outputs the body pays on top of the HMAC, whatever it is written in.
			name: 'context: strict UTF-8 decode + JSON.parse of the body alone',
			key: 'jsonParse',
			context: true,
			prepare: (count) => meetBitDeliveries(meetBit, count),
			runFactory: () => {
				const decoder = new TextDecoder('utf-8', { fatal: true });
				return (request) => JSON.parse(decoder.decode(request.rawBody));
			},
		},
	];
}

/**
 * Measures every candidate at one body size. `warmup` runs per candidate first (JIT), then
 * `samples` rounds of one batch of `batch` deliveries per candidate, in rotating order.
 */
export async function benchVerification(dist, { size, samples, batch, warmup }) {
	const list = candidates(dist, size);
	for (const candidate of list) {
		candidate.inputs = candidate.prepare(warmup + samples * batch);
		candidate.fn = candidate.run ?? candidate.runFactory();
		candidate.next = 0;
		candidate.times = [];
	}
	const runBatch = async (candidate, count) => {
		const { inputs, fn } = candidate;
		const wall = nowNs();
		const cpu = cpuNs();
		if (candidate.async) for (let i = 0; i < count; i++) await fn(inputs[candidate.next++]);
		else for (let i = 0; i < count; i++) fn(inputs[candidate.next++]);
		return { cpu: (cpuNs() - cpu) / count, wall: (nowNs() - wall) / count };
	};
	for (const candidate of list) await runBatch(candidate, warmup);
	for (let round = 0; round < samples; round++) {
		for (let k = 0; k < list.length; k++) {
			const candidate = list[(round + k) % list.length];
			candidate.times.push(await runBatch(candidate, batch));
		}
	}
	const bare = median(list[0].times.map((time) => time.cpu));
	const bareParse = median(list[1].times.map((time) => time.cpu));
	return list.map((candidate) => {
		const ns = median(candidate.times.map((time) => time.cpu));
		return {
			ratioToHmacParse: ns / bareParse,
			wallNs: median(candidate.times.map((time) => time.wall)),
			key: candidate.key,
			name: candidate.name,
			ns,
			ratio: ns / bare,
			ours: candidate.ours === true,
			context: candidate.context === true,
		};
	});
}
