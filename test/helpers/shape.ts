/**
 * Where `actual` differs in shape from a documented example: keys missing or added at any depth,
 * or a value of another JSON type. A null on either side matches any type, because the documents
 * show optional values filled in and a fake may send them empty. Lists are compared by their
 * entries against the example's first entry.
 */
export function shapeDifferences(actual: unknown, documented: unknown, at = '$'): string[] {
	if (actual === null || documented === null) return [];
	if (Array.isArray(documented)) {
		if (!Array.isArray(actual)) return [`${at}: a list is documented, got ${typeOf(actual)}`];
		if (documented.length === 0) return [];
		return actual.flatMap((entry, index) =>
			shapeDifferences(entry, documented[0], `${at}[${index}]`),
		);
	}
	if (typeof documented === 'object') {
		if (typeof actual !== 'object' || Array.isArray(actual))
			return [`${at}: an object is documented, got ${typeOf(actual)}`];
		const expected = documented as Record<string, unknown>;
		const got = actual as Record<string, unknown>;
		const differences: string[] = [];
		for (const key of Object.keys(expected)) {
			if (!(key in got)) differences.push(`${at}.${key}: documented, missing`);
			else differences.push(...shapeDifferences(got[key], expected[key], `${at}.${key}`));
		}
		for (const key of Object.keys(got)) {
			if (!(key in expected)) differences.push(`${at}.${key}: not documented`);
		}
		return differences;
	}
	return typeOf(actual) === typeOf(documented)
		? []
		: [`${at}: ${typeOf(documented)} is documented, got ${typeOf(actual)}`];
}

function typeOf(value: unknown): string {
	if (value === null) return 'null';
	return Array.isArray(value) ? 'list' : typeof value;
}
