/**
 * An ID that cannot be one path segment, refused before any request. `encodeURIComponent` keeps
 * dots, and n8n's request helper resolves `.` and `..`, so `..` as an ID would address another
 * endpoint of the API (a list, a parent route, the root). Carries `description`, which n8n's node
 * errors take over.
 */
export class UnsafeIdError extends Error {
	readonly description: string;

	constructor(message: string, description: string) {
		super(message);
		this.name = 'UnsafeIdError';
		this.description = description;
	}
}

/**
 * `value` encoded as one path segment; throws UnsafeIdError naming `label` when it is empty,
 * `.` or `..`, or holds a slash or backslash, also once percent-decoded (`%2e%2e`, `%2F`).
 */
export function pathSegment(value: string, label: string): string {
	const problem = segmentProblem(value);
	if (problem !== undefined) {
		const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
		throw new UnsafeIdError(
			problem === 'empty' ? `${label} is empty` : `${label} "${shown}" is not a valid ID`,
			problem === 'empty'
				? `Enter the ${label}, or map it from the incoming item with an expression.`
				: `An ID cannot be "." or "..", or contain "/" or "\\" (nor their %-encoded forms): it would address another endpoint of the API, so nothing was sent. Check what the ${label} is mapped from.`,
		);
	}
	return encodeURIComponent(value);
}

/** Why `value` cannot be a path segment: 'empty', 'unsafe', or undefined when it can. */
export function segmentProblem(value: string): 'empty' | 'unsafe' | undefined {
	if (value.trim() === '') return 'empty';
	for (const form of decodedForms(value)) {
		const trimmed = form.trim();
		if (trimmed === '.' || trimmed === '..' || /[/\\]/.test(form)) return 'unsafe';
	}
	return undefined;
}

/**
 * Whether a path built by a client has a dot segment or an empty segment: the last check before a
 * request, for a path segment that did not go through `pathSegment`.
 */
export function pathLeavesItsRoute(path: string): boolean {
	const segments = path.split('?', 1)[0].split('/').slice(1);
	return segments.some(
		(segment, index) =>
			(segment === '' && index < segments.length - 1) ||
			decodedForms(segment).some((form) => form === '.' || form === '..' || /[/\\]/.test(form)),
	);
}

/** The value, and what it reads as once or twice percent-decoded. */
function decodedForms(value: string): string[] {
	const forms = [value];
	let current = value;
	for (let round = 0; round < 2; round++) {
		let decoded: string;
		try {
			decoded = decodeURIComponent(current);
		} catch {
			break;
		}
		if (decoded === current) break;
		forms.push(decoded);
		current = decoded;
	}
	return forms;
}
