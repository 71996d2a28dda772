import {
	canonicalEndpoint,
	describeRegistration,
	taggedOwner,
	tokenOf,
} from '../../nodes/Meetergo/ownership';

const URL_OF_NODE = 'https://n8n.example.com/webhook/4f6b2c1e-9d7a-4c3b-8e2f-1a0b9c8d7e6f/webhook';

function hook(description: string | null) {
	return { id: 'hook-1', endpoint: URL_OF_NODE, description };
}

describe('canonicalEndpoint: one form for every spelling meetergo may store', () => {
	it.each([
		['host case', 'https://N8N.EXAMPLE.com/webhook/4f6b2c1e-9d7a-4c3b-8e2f-1a0b9c8d7e6f/webhook'],
		['trailing slash', `${URL_OF_NODE}/`],
		['percent-encoded unreserved characters', URL_OF_NODE.replace('4f6b', '%34%66%36%62')],
		['default port', URL_OF_NODE.replace('example.com', 'example.com:443')],
		['a token, a fragment and an empty query', `${URL_OF_NODE}?token=abc#x`],
		['surrounding white space', ` ${URL_OF_NODE} `],
	])('%s', (_name, spelling) => {
		expect(canonicalEndpoint(spelling)).toBe(canonicalEndpoint(URL_OF_NODE));
	});

	it('query order and encoding of other parameters do not matter; their values do', () => {
		const base = 'https://n8n.example.com/webhook/x/webhook';
		expect(canonicalEndpoint(`${base}?b=2&token=t&a=1`)).toBe(canonicalEndpoint(`${base}?a=1&b=2`));
		expect(canonicalEndpoint(`${base}?a=x%20y`)).toBe(canonicalEndpoint(`${base}?a=x+y`));
		expect(canonicalEndpoint(`${base}?a=2`)).not.toBe(canonicalEndpoint(`${base}?a=1`));
	});

	it('reserved escapes stay escaped (case aside), other paths, hosts and schemes differ', () => {
		expect(canonicalEndpoint(`${URL_OF_NODE}%2f`)).toBe(canonicalEndpoint(`${URL_OF_NODE}%2F`));
		expect(canonicalEndpoint(`${URL_OF_NODE}%2F`)).not.toBe(canonicalEndpoint(`${URL_OF_NODE}/`));
		expect(canonicalEndpoint(URL_OF_NODE.replace('webhook/4f6b', 'webhook-test/4f6b'))).not.toBe(
			canonicalEndpoint(URL_OF_NODE),
		);
		expect(canonicalEndpoint(URL_OF_NODE.replace('n8n.example', 'n8n.other'))).not.toBe(
			canonicalEndpoint(URL_OF_NODE),
		);
		expect(canonicalEndpoint(URL_OF_NODE.replace('https:', 'http:'))).not.toBe(
			canonicalEndpoint(URL_OF_NODE),
		);
		expect(canonicalEndpoint('not a url')).toBeUndefined();
	});

	it('reads the token however meetergo encoded it', () => {
		expect(tokenOf(`${URL_OF_NODE}?a=1&token=ab%2Dcd`)).toBe('ab-cd');
		expect(tokenOf(URL_OF_NODE)).toBeUndefined();
	});
});

describe('owner tag in the description', () => {
	const owner = { workflowId: 'Wf1', nodeId: '0f8fad5b-d9cb-469f-a165-70867728950e' };

	it('round-trips, and the tag survives a long workflow name', () => {
		const description = describeRegistration(`n8n workflow "${'x'.repeat(400)}"`, owner);
		expect(description.length).toBeLessThanOrEqual(250);
		expect(taggedOwner(hook(description))).toEqual(owner);
	});

	it('ids with unusual characters are encoded and decoded', () => {
		const odd = { workflowId: 'a b/c]', nodeId: 'n/1' };
		expect(taggedOwner(hook(describeRegistration('n8n workflow', odd)))).toEqual(odd);
	});

	it("no tag: none, a person's text, or a tag that is not at the end", () => {
		expect(taggedOwner(hook(null))).toBeUndefined();
		expect(taggedOwner(hook('n8n workflow "Sales", node "meetergo Trigger"'))).toBeUndefined();
		expect(taggedOwner(hook('[n8n:Wf1/node] and then more'))).toBeUndefined();
		expect(taggedOwner(hook('[n8n:Wf1/%E0%A4]'))).toBeUndefined(); // not UTF-8
	});
});
