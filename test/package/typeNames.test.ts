// n8n registers credential types by their bare name, in one space shared by every installed
// package (node types get the package name as a prefix; credential types do not). A name another
// package also uses breaks one of the two when both are installed.
import type { ICredentialType, INodeType } from 'n8n-workflow';

import manifest from '../../package.json';

/** Credential type names of packages users of these providers may already have installed. */
const TAKEN_ELSEWHERE: Record<string, string[]> = {
	'n8n-nodes-meetergo (meetergo GmbH)': ['meetergoApi'],
	'n8n-nodes-meetgeekai': ['meetGeekApi'],
};
const OUR_PREFIX = 'meetingWebhooks';

/**
 * Loads each module the manifest lists, from its TypeScript source, and instantiates the class
 * named like the file, as n8n's loader does.
 */
function load<T>(distPaths: string[]): T[] {
	return distPaths.map((distPath) => {
		const source = `../../${distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts')}`;
		const className = source.split('/').pop()!.split('.')[0];
		const Class = jest.requireActual<Record<string, new () => T>>(source)[className];
		expect(Class).toBeDefined();
		return new Class();
	});
}

const credentials = load<ICredentialType>(manifest.n8n.credentials);
const nodes = load<INodeType>(manifest.n8n.nodes);
const ourNames = credentials.map((credential) => credential.name);

describe('credential type names', () => {
	it.each(ourNames)('%s carries the package prefix', (name) => {
		expect(name.startsWith(OUR_PREFIX)).toBe(true);
	});

	it.each(Object.entries(TAKEN_ELSEWHERE))('none is a name %s uses', (_pkg, taken) => {
		for (const name of ourNames) expect(taken).not.toContain(name);
	});

	it('are unique within the package', () => {
		expect(new Set(ourNames).size).toBe(ourNames.length);
	});

	it('give the MeetBit API credential its own name, beside the MeetBit Webhook one', () => {
		expect(ourNames).toEqual(
			expect.arrayContaining(['meetingWebhooksMeetBitApi', 'meetingWebhooksMeetBitWebhookApi']),
		);
		const meetBit = nodes.find((node) => node.description.name === 'meetBit');
		expect(meetBit?.description.credentials?.map((c) => c.name)).toEqual([
			'meetingWebhooksMeetBitApi',
		]);
	});

	it('are the ones every node asks for', () => {
		const asked = nodes.flatMap((node) => (node.description.credentials ?? []).map((c) => c.name));
		expect(asked.length).toBeGreaterThan(0);
		for (const name of asked) expect(ourNames).toContain(name);
	});
});

// Node types are registered as `<package name>.<name>`: the package name keeps ours apart from
// other packages' nodes of the same provider (n8n-nodes-meetgeekai's is `n8n-nodes-meetgeekai.meetGeek`).
const NODE_TYPES_ELSEWHERE = ['n8n-nodes-meetgeekai.meetGeek'];

describe('node type names', () => {
	const fullNames = nodes.map((node) => `${manifest.name}.${node.description.name}`);

	it('are unique within the package and differ from the other packages of these providers', () => {
		expect(new Set(fullNames).size).toBe(fullNames.length);
		for (const name of NODE_TYPES_ELSEWHERE) expect(fullNames).not.toContain(name);
	});

	it.each(manifest.n8n.nodes)('%s has a codex file naming its full type', (distPath) => {
		const source = `../../${distPath.replace(/^dist\//, '').replace(/\.js$/, '.json')}`;
		const codex = jest.requireActual<{ node: string }>(source);
		expect(fullNames).toContain(codex.node);
	});
});
